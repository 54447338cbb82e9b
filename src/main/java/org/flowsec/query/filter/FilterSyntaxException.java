package org.flowsec.query.filter;

/**
 * A filter that cannot be parsed or holds an impossible value. The message shows the offending line of
 * the expression with a caret under the first bad token and says what was expected:
 * <pre>
 * expected a port number 0..65535 at column 10
 *   dst port 70000
 *            ^
 * </pre>
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String expression;
    private final int position;
    private final String problem;

    public FilterSyntaxException(String expression, int position, String problem) {
        super(render(expression, position, problem));
        this.expression = expression;
        this.position = position;
        this.problem = problem;
    }

    /** The whole text that was parsed. */
    public String expression() { return expression; }

    /** Character offset of the bad token in {@link #expression()}. */
    public int position() { return position; }

    /** What was wrong, without the caret picture, e.g. "expected a port number 0..65535". */
    public String problem() { return problem; }

    private static String render(String text, int pos, String problem) {
        int p = Math.max(0, Math.min(pos, text.length()));
        int lineStart = text.lastIndexOf('\n', p - 1) + 1;
        int lineEnd = text.indexOf('\n', p);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        int lineNo = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                lineNo++;
            }
        }
        String line = text.substring(lineStart, lineEnd).replace('\t', ' ');
        String where = lineNo > 1 ? "line " + lineNo + ", column " + (p - lineStart + 1)
                : "column " + (p - lineStart + 1);
        return problem + " at " + where + "\n  " + line + "\n  " + " ".repeat(p - lineStart) + "^";
    }
}
