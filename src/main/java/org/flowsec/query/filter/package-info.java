/**
 * The filter language: nfdump-style filter text (and flow-tools/Cisco ACLs) becomes an immutable
 * {@link org.flowsec.query.filter.Expr} tree, which compiles once into a
 * {@link org.flowsec.query.filter.FlowPredicate} that reads {@link org.flowsec.flow.FlowBatch} columns.
 *
 * <p>Text → {@link org.flowsec.query.filter.FilterLexer} → {@link org.flowsec.query.filter.FilterParser}
 * → {@code Expr} → {@link org.flowsec.query.filter.FilterCompiler} → {@code FlowPredicate}.
 * {@link org.flowsec.query.filter.FilterPrinter} turns a tree back into canonical text, and
 * {@link org.flowsec.query.filter.FilterHints} derives what the store can use to skip data.
 * {@link org.flowsec.query.filter.Filter} bundles all of it for commands. Only {@code flow}, {@code base}
 * and the JDK are imported.
 */
package org.flowsec.query.filter;
