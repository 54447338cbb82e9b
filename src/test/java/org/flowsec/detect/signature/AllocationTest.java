package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bruteforce.BruteForceDetector;
import org.flowsec.detect.bruteforce.BruteForceParams;
import org.flowsec.detect.p2p.P2pDetector;
import org.flowsec.detect.p2p.P2pParams;
import org.junit.jupiter.api.Test;

/**
 * The common path allocates nothing: over 300,000 background flows after a warm-up, what the three detectors allocate in
 * accept() stays far below one small object per flow (what remains is table growth and the rare finding).
 */
class AllocationTest {
    private static final int FLOWS = 300_000;

    private static double bytesPerFlow(Detector d) {
        // warm up first: JIT, tables grown to their steady size
        return (double) Background.feedCountingAllocation(d, 10, 300_000, FLOWS, 1000) / FLOWS;
    }

    @Test
    void theThreeDetectorsAllocateAlmostNothingPerBackgroundFlow() {
        HomeNetworks home = HomeNetworks.of(List.of());
        double signature = bytesPerFlow(new SignatureDetector(new SignatureParams(), home, a -> { }));
        // 1000 flows/s and a 10 s window: the pair table (kept for the watermark lag of 150 s plus two windows)
        // reaches its steady size within the warm-up, so growth, which is amortised, is not what is measured
        BruteForceParams shortWindow = new BruteForceParams();
        shortWindow.windowSeconds = 10;
        double bruteforce = bytesPerFlow(new BruteForceDetector(shortWindow, home, a -> { }));
        double p2p = bytesPerFlow(new P2pDetector(new P2pParams(), home, a -> { }));
        System.out.printf("allocated bytes per flow in accept(): signature %.3f, bruteforce %.3f, p2p %.3f%n",
                signature, bruteforce, p2p);
        assertThat(signature).isLessThan(1.0);
        assertThat(bruteforce).isLessThan(1.0);
        assertThat(p2p).isLessThan(1.0);
    }
}
