package org.flowsec.detect.bigtalker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.junit.jupiter.api.Test;

/** The top-talkers report of a real capture, metered by softflowd and read back from flowsec's store. */
class BigTalkerCaptureIT {
    @Test
    void theEspnBrowsingCapturesClientIsItsNetworksTopTalkerAndNothingAlerts() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        FlowBatch flows = CaptureFlows.of("benign/ppa3_http_espn.pcapng");
        TestFlows.Alerts alerts = new TestFlows.Alerts();
        List<TopTalkersReport> reports = new ArrayList<>();
        BigTalkerDetector d = new BigTalkerDetector(new BigTalkerParams(), HomeNetworks.of(List.of()), alerts, reports::add);
        long bytes = 0;
        for (int r = 0; r < flows.size(); r++) {
            d.accept(flows, r);
            bytes += flows.get(org.flowsec.flow.Field.BYTES, r);
        }
        d.finish();
        assertThat(alerts.raised).isEmpty();
        assertThat(reports).isNotEmpty().allSatisfy(rep -> {
            assertThat(rep.network()).isEqualTo("172.16.0.0/12");
            assertThat(rep.rows().get(0).host()).isEqualTo("172.16.0.122");
        });
        // every byte of the capture has the client at one end, so the reports add up to all of them
        assertThat(reports.stream().mapToLong(rep -> rep.rows().get(0).bytes()).sum()).isEqualTo(bytes);
    }
}
