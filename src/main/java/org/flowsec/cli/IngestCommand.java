package org.flowsec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowsec.app.CaptureIngest;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec ingest}: decode the NetFlow/IPFIX datagrams captured in pcap/pcapng files into a store. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Decode NetFlow/IPFIX datagrams captured in pcap or pcapng files into a flow store.",
            "Files are read in the order given: put captures holding templates before those holding the data."})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pcap", required = true, paramLabel = "FILE", description = "Capture file; repeatable.")
    List<Path> pcaps;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory (created if missing).")
    Path store;

    @Mixin
    CollectOptions options = new CollectOptions();

    @Override
    public Integer call() throws Exception {
        for (Path p : pcaps) {
            if (!Files.isReadable(p)) {
                throw new UsageException("cannot read capture " + p);
            }
        }
        CollectorConfig config = CollectorConfig.defaults().withAllowlist(options.allow);
        CaptureIngest.Result r = CaptureIngest.run(pcaps, store, options.storeConfig(), options.decoderConfig(),
                options.sampling(), config, Clock.SYSTEM);
        spec.commandLine().getErr().printf("Summary: %d UDP datagrams, %d export datagrams decoded, %d flows stored, %d decode errors%n",
                r.udpDatagrams(), r.datagrams(), r.flows(), r.decodeErrors());
        return ExitCode.OK;
    }
}
