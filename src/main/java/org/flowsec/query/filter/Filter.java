package org.flowsec.query.filter;

import java.util.List;
import java.util.Optional;

/**
 * A parsed and compiled filter with what the store may use to skip data: the one object a command builds
 * from {@code FILTER}, {@code --filter-file} or {@code --acl} and hands to a query.
 */
public record Filter(Expr expr, FlowPredicate predicate) {
    /** Every flow ({@code any}); what a command uses when no filter is given. */
    public static Filter all() {
        return of(new Expr.Any());
    }

    /** Filter text (a command-line filter or a whole filter file); throws {@link FilterSyntaxException}. */
    public static Filter parse(String text) {
        return of(FilterParser.parse(text));
    }

    /** The access list {@code name} of an ACL file's text; throws {@link FilterSyntaxException}. */
    public static Filter acl(String fileText, String name) {
        return of(AclParser.parse(fileText, name));
    }

    public static Filter of(Expr expr) {
        return new Filter(expr, FilterCompiler.compile(expr));
    }

    /** Both filters hold, e.g. a filter file narrowed by a command-line filter. */
    public Filter and(Filter other) {
        return of(new Expr.And(expr, other.expr));
    }

    /** Canonical text, for logs and summaries. */
    public String text() {
        return FilterPrinter.print(expr);
    }

    /** See {@link FilterHints#requiredAddresses(Expr)}. */
    public Optional<List<Prefix>> requiredAddresses() {
        return FilterHints.requiredAddresses(expr);
    }

    /** See {@link FilterHints#fields(Expr)}. */
    public java.util.Set<org.flowsec.flow.Field> fields() {
        return FilterHints.fields(expr);
    }

    /** See {@link FilterHints#timeBounds(Expr)}. */
    public TimeBounds timeBounds() {
        return FilterHints.timeBounds(expr);
    }
}
