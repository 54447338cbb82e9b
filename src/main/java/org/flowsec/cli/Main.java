package org.flowsec.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code flowsec COMMAND [OPTIONS]}. */
@Command(name = "flowsec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Network security monitoring on NetFlow/IPFIX: collect, store, query, detect.",
        subcommands = {DemoCommand.class, CollectCommand.class, QueryCommand.class, StatCommand.class, SeriesCommand.class,
            ExportersCommand.class, DetectCommand.class, AlertsCommand.class, ProfileCommand.class,
            GenerateCommand.class, IngestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new Stdout(), new PrintWriter(System.err, true), args));
    }

    /**
     * The writer on standard output, which commands printing millions of lines may bypass with ASCII bytes
     * ({@link #bytes()}, after flushing this writer) to skip encoding chars.
     */
    static final class Stdout extends PrintWriter {
        Stdout() {
            super(System.out, true);
        }

        /** Standard output as bytes, buffered; flush it before printing through this writer again. */
        java.io.OutputStream bytes() {
            return new java.io.BufferedOutputStream(System.out, 1 << 16);
        }
    }

    /** Runs one command line with the given writers; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        cl.setExitCodeExceptionMapper(t -> ExitCode.FAILURE);
        return cl;
    }

    /** Wrong arguments: one line saying what was wrong and where to look, exit code 2. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("flowsec: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof UsageException) {
            cmd.getErr().println("flowsec: " + ex.getMessage());
            cmd.getErr().flush();
            return ExitCode.USAGE;
        }
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        cmd.getErr().println("flowsec: " + msg);
        if (System.getenv("FLOWSEC_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return ExitCode.FAILURE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"flowsec " + (v == null ? "dev" : v)};
        }
    }
}
