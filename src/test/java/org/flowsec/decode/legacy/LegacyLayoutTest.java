package org.flowsec.decode.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyLayoutTest {
    @ParameterizedTest(name = "src port {0}, dst port {1} -> ICMP {2}.{3}")
    @CsvSource({
        "0, 2048, 8, 0",     // Cisco: echo request as type*256+code in the destination port
        "0, 771, 3, 3",      // Cisco: port unreachable
        "0, 0, 0, 0",        // echo reply
        "8, 0, 8, 0",        // fprobe: the type alone in the source port
        "3, 0, 3, 0",
        "2816, 0, 11, 0",    // type*256+code in the source port
        "1234, 2048, 8, 0",  // the destination port wins when both are set
    })
    void icmpTypeAndCodeComeFromWhereExportersPutThem(long srcPort, long dstPort, long type, long code) {
        long tc = LegacyLayout.icmpTypeCode(srcPort, dstPort);
        assertThat(tc >>> 8).isEqualTo(type);
        assertThat(tc & 0xFF).isEqualTo(code);
    }
}
