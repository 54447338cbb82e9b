package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.Set;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.junit.jupiter.api.Test;

class CaptureFlowsIT {
    @Test
    void thePortScanCaptureBecomesOneFlowPerProbedPort() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        FlowBatch flows = CaptureFlows.of("scans/ppa1_portscan.pcap");
        // SOURCES.md: SYN port scan of 29 well-known ports 10.100.25.14 -> 10.100.18.12; softflowd 29 flows
        assertThat(flows.size()).isEqualTo(29);
        Set<Long> ports = new HashSet<>();
        for (int r = 0; r < flows.size(); r++) {
            assertThat(flows.formatAddress(Field.SRC_ADDR, r)).isEqualTo("10.100.25.14");
            assertThat(flows.formatAddress(Field.DST_ADDR, r)).isEqualTo("10.100.18.12");
            ports.add(flows.get(Field.DST_PORT, r));
        }
        assertThat(ports).hasSize(29);
    }
}
