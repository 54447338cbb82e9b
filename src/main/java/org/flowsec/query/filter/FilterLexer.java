package org.flowsec.query.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter text into tokens. Words are runs of letters, digits and {@code . : / - _ +}, so that
 * addresses ({@code 2001:db8::/32}), times ({@code 2026-11-26T10:00:00Z}, {@code 2026/11/26.10:00}) and
 * {@code icmp-type} are single words. {@code #} starts a comment that runs to the end of the line.
 */
final class FilterLexer {
    private FilterLexer() {}

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Type.WORD, text.substring(start, i), start));
            } else {
                int start = i;
                String two = i + 1 < n ? text.substring(i, i + 2) : "";
                switch (two) {
                    case "&&" -> out.add(new Token(Token.Type.AND, two, start));
                    case "||" -> out.add(new Token(Token.Type.OR, two, start));
                    case "==", "!=", "<=", ">=" -> out.add(new Token(Token.Type.OP, two, start));
                    default -> {
                        Token.Type t = switch (c) {
                            case '(' -> Token.Type.LPAREN;
                            case ')' -> Token.Type.RPAREN;
                            case '[' -> Token.Type.LBRACKET;
                            case ']' -> Token.Type.RBRACKET;
                            case ',' -> Token.Type.COMMA;
                            case '!' -> Token.Type.NOT;
                            case '=', '<', '>' -> Token.Type.OP;
                            default -> throw new FilterSyntaxException(text, i,
                                    "unexpected character '" + c + "'");
                        };
                        out.add(new Token(t, String.valueOf(c), start));
                        i++;
                        continue;
                    }
                }
                i += 2;
            }
        }
        out.add(new Token(Token.Type.EOF, "", n));
        return out;
    }

    private static boolean isWordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '/' || c == '-'
                || c == '_' || c == '+');
    }
}
