package org.flowsec.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.app.CollectorService;
import org.flowsec.app.SamplingRates;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.flow.Addresses;
import org.flowsec.store.StoreConfig;
import picocli.CommandLine.Option;

/** The options shared by {@code collect}, {@code ingest} and {@code demo}: decoding, sampling and the store. */
final class CollectOptions {
    @Option(names = "--rotate", defaultValue = "5m", paramLabel = "DURATION", converter = Options.Span.class,
            description = "Start a new segment file this often, as nfcapd -t. Default: ${DEFAULT-VALUE}.")
    Duration rotate;

    @Option(names = "--retain", paramLabel = "DURATION", converter = Options.Span.class,
            description = "Delete segments older than this (e.g. 90d); oldest first. Default: keep everything.")
    Duration retain;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Options.Size.class,
            description = "Delete the oldest segments while the store is larger than this (e.g. 500G).")
    Long maxSize;

    @Option(names = "--fsync", description = "fsync the journal at every flush (once a second), not only at sealing; "
            + "survives power loss, costs disk writes.")
    boolean fsync;

    @Option(names = "--template-timeout", defaultValue = "30m", paramLabel = "DURATION", converter = Options.Span.class,
            description = "Forget v9/IPFIX templates not refreshed for this long. Default: ${DEFAULT-VALUE}.")
    Duration templateTimeout;

    @Option(names = "--sampling", defaultValue = "1", paramLabel = "N",
            description = "Sampling rate for exporters that announce none (nfcapd -s N). Default: ${DEFAULT-VALUE}.")
    long samplingDefault;

    @Option(names = "--sampling-override", paramLabel = "EXPORTER=N",
            description = "Use rate N for this exporter whatever it announces (nfcapd -s -N); repeatable.")
    List<String> samplingOverrides = new ArrayList<>();

    @Option(names = "--allow", paramLabel = "PREFIX",
            description = "Accept datagrams only from these exporter addresses or prefixes (e.g. 192.0.2.0/24, 2001:db8::/32); "
                    + "others are dropped and counted per source. Repeatable.")
    List<String> allow = new ArrayList<>();

    StoreConfig storeConfig() {
        // Without --retain or --max-size nothing is ever deleted: an archive is kept until the operator says.
        return StoreConfig.DEFAULTS.withRotation(rotate).withFsyncOnFlush(fsync)
                .withRetention(retain == null ? Duration.ZERO : retain, maxSize == null ? 0 : maxSize);
    }

    DecoderConfig decoderConfig() {
        return DecoderConfig.DEFAULT.withTemplateTimeoutMillis(templateTimeout.toMillis());
    }

    SamplingRates sampling() {
        Map<InetAddress, Long> overrides = new LinkedHashMap<>();
        for (String o : samplingOverrides) {
            int eq = o.lastIndexOf('=');
            if (eq <= 0) {
                throw new UsageException("bad --sampling-override '" + o + "': use EXPORTER=N, e.g. 192.0.2.1=1000");
            }
            try {
                overrides.put(Addresses.parse(o.substring(0, eq)), Long.parseLong(o.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bad --sampling-override '" + o + "': " + e.getMessage());
            }
        }
        try {
            return new SamplingRates(samplingDefault, overrides);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    CollectorService.Settings settings(Path store, CollectorConfig collector) {
        try {
            return new CollectorService.Settings(store, collector.withAllowlist(allow), storeConfig(), decoderConfig(), sampling());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
