package org.flowsec.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.Detector;
import org.flowsec.detect.DetectorParams;
import org.flowsec.detect.HomeNetworks;

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
        List<Detector> list = new ArrayList<>();
        return list;
    }

    static void add(List<Detector> list, DetectorParams params, Supplier<Detector> make) {
        if (params.enabled) {
            list.add(make.get());
        }
    }
}
