package org.flowsec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One command line run in this JVM as a user runs it: its exit code, what it printed on stdout and on stderr. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(List<String> args) {
        return of(args.toArray(new String[0]));
    }

    /** The lines of stdout. */
    List<String> lines() {
        return out.lines().toList();
    }
}
