package org.flowsec.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code flowsec COMMAND [OPTIONS]}. */
@Command(name = "flowsec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Network security monitoring on NetFlow/IPFIX: collect, store, query, detect.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Picocli builds a command's whole model (every option,
     * converter and help section) when it is added, which took 0.25 s for all of them, longer than a query of
     * a small store; so a command line that names one gets that one alone ({@link #commandLine}).
     */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, CollectCommand.class, QueryCommand.class,
            StatCommand.class, SeriesCommand.class, InfoCommand.class, ExportersCommand.class, DetectCommand.class,
            AlertsCommand.class, ProfileCommand.class, GenerateCommand.class, IngestCommand.class,
            CommandLine.HelpCommand.class);

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
        CommandLine cl = commandLine(out, err, args);
        return cl.execute(args);
    }

    /**
     * The command line for {@code args}: with the subcommand {@code args[0]} names alone, or with all of them
     * when it names none (a mistyped name, no arguments) or names {@code help}, so that help and the error's
     * suggestions list them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : named(args[0]);
        for (Class<?> c : COMMANDS) {
            if (named == null || c == named) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        cl.setExitCodeExceptionMapper(t -> ExitCode.FAILURE);
        return cl;
    }

    /** The subcommand called {@code name}, or null. */
    private static Class<?> named(String name) {
        for (Class<?> c : COMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(name)) {
                return c;
            }
        }
        return null;
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
