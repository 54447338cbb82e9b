package org.flowsec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FilterSyntaxException;
import org.flowsec.query.filter.Prefix;
import org.flowsec.query.filter.TimeBounds;
import org.flowsec.store.ScanHints;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a command's filter comes from: the rest of the command line or {@code --filter}, a filter file, a
 * flow-tools/Cisco ACL. All given parts must hold. See docs/filter-language.md.
 */
final class FilterOptions {
    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filter expression in nfdump's syntax, e.g. 'proto tcp and dst port 80' (docs/filter-language.md).")
    List<String> words = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "EXPR", description = "Filter expression (instead of FILTER words).")
    String expression;

    @Option(names = "--filter-file", paramLabel = "FILE", description = "Read the filter from a file ('#' starts a comment).")
    Path file;

    @Option(names = "--acl", paramLabel = "FILE:NAME",
            description = "Select flows with the named access list of a flow-tools/Cisco ACL file.")
    String acl;

    /** The combined filter; {@link Filter#all()} when none is given. Bad filters become usage errors. */
    Filter filter() {
        List<Filter> parts = new ArrayList<>();
        try {
            if (!words.isEmpty()) {
                parts.add(Filter.parse(String.join(" ", words)));
            }
            if (expression != null) {
                parts.add(Filter.parse(expression));
            }
            if (file != null) {
                parts.add(Filter.parse(read(file, "--filter-file")));
            }
            if (acl != null) {
                int colon = acl.lastIndexOf(':');
                if (colon <= 0 || colon == acl.length() - 1) {
                    throw new UsageException("bad --acl '" + acl + "': use FILE:NAME, e.g. acls.txt:webservers");
                }
                parts.add(Filter.acl(read(Path.of(acl.substring(0, colon)), "--acl"), acl.substring(colon + 1)));
            }
        } catch (FilterSyntaxException e) {
            throw new UsageException("bad filter: " + e.getMessage());
        }
        Filter f = Filter.all();
        for (int i = 0; i < parts.size(); i++) {
            f = i == 0 ? parts.get(0) : f.and(parts.get(i));
        }
        return f;
    }

    private static String read(Path p, String option) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UsageException("cannot read " + option + " " + p + ": " + e.getMessage());
        }
    }

    /**
     * What the store may use to skip work: the fields the command reads ({@code fields}, empty for all) and,
     * when every matching flow must carry one of some hosts, those addresses (blocks without them are skipped).
     */
    static ScanHints hints(Filter f, java.util.Set<org.flowsec.flow.Field> fields) {
        Optional<List<Prefix>> required = f.requiredAddresses();
        if (required.isEmpty() || required.get().isEmpty()
                || required.get().stream().anyMatch(p -> p.length() != 128)) {
            return new ScanHints(new long[0], fields);
        }
        long[] words = new long[required.get().size() * 2];
        for (int i = 0; i < required.get().size(); i++) {
            words[2 * i] = required.get().get(i).hi();
            words[2 * i + 1] = required.get().get(i).lo();
        }
        return new ScanHints(words, fields);
    }

    /** The scan window [from, to) narrowed by the filter's own first/last bounds. */
    static long[] window(Filter f, long from, long to) {
        TimeBounds b = f.timeBounds();
        long lo = Math.max(from, b.lastMin());
        long hi = b.firstMax() == Long.MAX_VALUE ? to : Math.min(to, b.firstMax() + 1);
        return new long[] {lo, hi};
    }
}
