package org.flowsec.render;

/** TCP flags as nfdump prints them: one letter per flag, a dot where unset, CWR first and FIN last. */
public final class TcpFlags {
    private static final char[] LETTERS = {'C', 'E', 'U', 'A', 'P', 'R', 'S', 'F'};

    private TcpFlags() {}

    public static String text(int flags) {
        char[] c = new char[8];
        for (int i = 0; i < 8; i++) {
            c[i] = (flags & (0x80 >>> i)) != 0 ? LETTERS[i] : '.';
        }
        return new String(c);
    }
}
