package org.flowsec.cli;

/** The process exit codes of every command, in one place. */
public final class ExitCode {
    public static final int OK = 0;
    /** The command ran but failed (I/O error, unreadable store...). */
    public static final int FAILURE = 1;
    /** Wrong arguments: a one-line message says what and how to fix it. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
