package org.flowsec.query.filter;

/** One token of filter text and where it starts, for caret messages. */
record Token(Type type, String text, int pos) {
    enum Type { WORD, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, AND, OR, NOT, EOF }

    /** True for a word equal to {@code keyword}, ignoring case. */
    boolean is(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }
}
