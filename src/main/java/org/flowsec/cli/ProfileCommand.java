package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.newservice.HostProfile;
import org.flowsec.detect.newservice.ProfileFile;
import org.flowsec.detect.newservice.ServiceProfile;
import org.flowsec.flow.Addresses;
import org.flowsec.query.filter.Filter;
import org.flowsec.render.OutputFormat;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowsec profile}: the services each local host offers and uses (flow-tools' flow-host-profile). */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Print the services (protocol/port) each local host offers as a server and uses as a client,",
            "with flows, bytes, first and last seen: from stored flows, or the newservice detector's saved profile."})
public final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--store", paramLabel = "DIR", description = "Flow store directory: profile its flows.")
        Path store;

        @Option(names = "--profile-file", paramLabel = "FILE",
                description = "Print the profile the newservice detector saved (its profile_file) instead.")
        Path file;
    }

    @Option(names = "--home", paramLabel = "PREFIX[,PREFIX]", split = ",",
            description = "Local networks (the config's home); default: the private address ranges.")
    List<String> home = new ArrayList<>();

    @Option(names = "--host", paramLabel = "A", description = "Only this host.")
    String host;

    @Mixin
    FlowWindowOptions time;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String only = host == null ? null : canonical(host);
        List<HostProfile> hosts;
        if (source.file != null) {
            if (!Files.isRegularFile(source.file)) {
                throw new UsageException("no profile file " + source.file + " (the newservice detector's profile_file)");
            }
            try {
                hosts = ProfileFile.read(source.file).hosts();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else {
            hosts = fromStore(only, err);
        }
        List<Object[]> rows = new ArrayList<>();
        for (HostProfile h : hosts) {
            if (only == null || only.equals(h.host())) {
                add(rows, h, "offers", h.offers());
                add(rows, h, "uses", h.uses());
            }
        }
        StatCommand.printRows(format, List.of("host", "role", "service", "flows", "bytes", "first", "last"), rows, out);
        if (only != null && rows.isEmpty()) {
            err.println("flowsec: no services of " + only + " in the profile (is it a local host? see --home)");
        }
        return ExitCode.OK;
    }

    private List<HostProfile> fromStore(String only, PrintWriter err) throws Exception {
        StoreAccess.requireStore(source.store);
        long[] window = time.window();
        HomeNetworks local;
        try {
            local = HomeNetworks.of(home);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --home: " + e.getMessage());
        }
        ServiceProfile profile = ServiceProfile.withDefaults(local);
        Filter filter = only == null ? Filter.all() : Filter.parse("host " + only);
        long[] totals = new long[3];
        long started = System.nanoTime();
        StoreReader reader = StoreAccess.open(source.store, err);
        ScanStats scan = reader.scan(window[0], window[1], FilterOptions.hints(filter, java.util.Set.of()), batch -> {
            for (int r = 0; r < batch.size(); r++) {
                if (filter.predicate().test(batch, r)) {
                    profile.observe(batch, r);
                    totals[0]++;
                    totals[1] += batch.get(org.flowsec.flow.Field.PACKETS, r);
                    totals[2] += batch.get(org.flowsec.flow.Field.BYTES, r);
                }
            }
            return true;
        });
        if (!quiet) {
            err.println(StoreAccess.summary(totals, scan, System.nanoTime() - started));
        }
        return profile.hosts();
    }

    private static String canonical(String address) {
        try {
            java.net.InetAddress a = Addresses.parse(address.strip());
            return Addresses.format(Addresses.hi(a), Addresses.lo(a));
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --host '" + address + "': give an IPv4 or IPv6 address");
        }
    }

    private static void add(List<Object[]> rows, HostProfile h, String role, List<HostProfile.Service> services) {
        for (HostProfile.Service s : services) {
            rows.add(new Object[] {h.host(), role, s.text(), s.flows(), s.bytes(), StatCommand.iso(s.first()),
                StatCommand.iso(s.last())});
        }
    }
}
