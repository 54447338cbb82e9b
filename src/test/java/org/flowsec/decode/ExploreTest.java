package org.flowsec.decode;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() throws Exception {
        try (Stream<java.nio.file.Path> s = Files.walk(CaptureReplay.DATA)) {
            s.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(p -> {
                String name = CaptureReplay.DATA.relativize(p).toString();
                CaptureReplay r = new CaptureReplay().feed(name);
                long opt = r.decoder.stats().snapshot().stream().mapToLong(DomainStats::optionsRecords).sum();
                System.out.println("ROW " + name + " " + r.datagramsByVersion + " flows=" + r.flows.size() + " opts=" + opt
                        + " thrown=" + r.thrown + " missing=" + r.errors(DecodeError.TEMPLATE_MISSING)
                        + " pending=" + r.decoder.templateState().pendingSets());
            });
        }
    }
}
