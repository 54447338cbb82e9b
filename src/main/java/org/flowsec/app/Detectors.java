package org.flowsec.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.Detector;
import org.flowsec.detect.DetectorParams;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bigtalker.BigTalkerDetector;
import org.flowsec.detect.bigtalker.TopTalkersListener;
import org.flowsec.detect.bruteforce.BruteForceDetector;
import org.flowsec.detect.flood.FloodDetector;
import org.flowsec.detect.newservice.NewServiceDetector;
import org.flowsec.detect.p2p.P2pDetector;
import org.flowsec.detect.scan.ScanDetector;
import org.flowsec.detect.signature.SignatureDetector;

/**
 * The registry of detectors: one line per detector, built from its config section when that section is
 * enabled, in the order the engine runs them:
 * <pre>
 * add(list, config.scan, () -&gt; new ScanDetector(config.scan, home, out));
 * </pre>
 */
public final class Detectors {
    private Detectors() {}

    public static List<Detector> create(DetectConfig config, HomeNetworks home, AlertEmitter out) {
        return create(config, home, out, null);
    }

    /** As {@link #create(DetectConfig, HomeNetworks, AlertEmitter)}, with the big talkers' top-N tables to {@code talkers}. */
    public static List<Detector> create(DetectConfig config, HomeNetworks home, AlertEmitter out,
                                        TopTalkersListener talkers) {
        List<Detector> list = new ArrayList<>();
        add(list, config.scan, () -> new ScanDetector(config.scan, home, out));
        add(list, config.flood, () -> new FloodDetector(config.flood, home, out));
        add(list, config.signature, () -> new SignatureDetector(config.signature, home, out));
        add(list, config.p2p, () -> new P2pDetector(config.p2p, home, out));
        add(list, config.bruteforce, () -> new BruteForceDetector(config.bruteforce, home, out));
        add(list, config.bigtalker, () -> new BigTalkerDetector(config.bigtalker, home, out, talkers));
        add(list, config.newservice, () -> new NewServiceDetector(config.newservice, home, out));
        return list;
    }

    static void add(List<Detector> list, DetectorParams params, Supplier<Detector> make) {
        if (params.enabled) {
            list.add(make.get());
        }
    }
}
