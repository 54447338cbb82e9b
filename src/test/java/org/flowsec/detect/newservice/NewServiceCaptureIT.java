package org.flowsec.detect.newservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bigtalker.TestFlows;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.junit.jupiter.api.Test;

/** The service profile of real captures, metered by softflowd and read back from flowsec's store. */
class NewServiceCaptureIT {
    @Test
    void theEspnBrowsingCaptureShowsItsClientUsingHttpAndDns() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        FlowBatch flows = CaptureFlows.of("benign/ppa3_http_espn.pcapng");
        ServiceProfile profile = ServiceProfile.withDefaults(HomeNetworks.of(List.of()));
        for (int r = 0; r < flows.size(); r++) {
            profile.observe(flows, r);
        }
        if (System.getenv("PROBE") != null) {
            profile.hosts().forEach(System.out::println);
            System.out.println(profile.counters());
        }
        HostProfile client = profile.hosts().stream().filter(h -> h.host().equals("172.16.0.122")).findFirst().orElseThrow();
        assertThat(client.uses()).extracting(HostProfile.Service::text).contains("tcp/80", "udp/53");
        assertThat(client.offers()).isEmpty();
        assertThat(client.uses()).allSatisfy(s -> assertThat(s.port()).isLessThan(32768));
    }

    @Test
    void theBenignCapturesRaiseNoNewServiceAlertOnceTheirFirstHalfIsLearned() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        for (String capture : List.of("benign/ppa3_http_espn.pcapng", "benign/ipfixprobe_mixed.pcap")) {
            FlowBatch flows = CaptureFlows.of(capture);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int r = 0; r < flows.size(); r++) {
                min = Math.min(min, flows.get(org.flowsec.flow.Field.FIRST, r));
                max = Math.max(max, flows.get(org.flowsec.flow.Field.FIRST, r));
            }
            NewServiceParams p = new NewServiceParams();
            p.learningPeriod = Math.max(1, (max - min) / 2) + "ms";
            TestFlows.Alerts alerts = new TestFlows.Alerts();
            NewServiceDetector d = new NewServiceDetector(p, HomeNetworks.of(List.of()), alerts);
            // the first half is learned, then the watermark moves past it and the second half is checked
            FlowBatch learnedHalf = new FlowBatch(flows.size());
            FlowBatch checkedHalf = new FlowBatch(flows.size());
            long mid = min + (max - min) / 2;
            for (int r = 0; r < flows.size(); r++) {
                (flows.get(org.flowsec.flow.Field.FIRST, r) < mid ? learnedHalf : checkedHalf).appendRow(flows, r);
            }
            TestFlows.feed(d, learnedHalf);
            d.advance(mid);
            TestFlows.feed(d, checkedHalf);
            d.finish();
            if (System.getenv("PROBE") != null) {
                System.out.println(capture + " " + d.counters());
                alerts.raised.forEach(a -> System.out.println(a.summary()));
            }
            assertThat(d.learned()).isTrue();
            assertThat(alerts.raised).as(capture).isEmpty();
        }
    }
}
