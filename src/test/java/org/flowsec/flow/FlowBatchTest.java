package org.flowsec.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowBatchTest {
    @Test
    void newRowsCarryTheNotExportedDefaults() {
        FlowBatch b = new FlowBatch(1);
        int r = b.addRow();
        assertThat(b.formatAddress(Field.NEXT_HOP, r)).isEqualTo("0.0.0.0");
        assertThat(b.get(Field.DIRECTION, r)).isEqualTo(Field.DIRECTION_UNKNOWN);
        assertThat(b.get(Field.SAMPLING, r)).isEqualTo(1);
        assertThat(b.get(Field.PACKETS, r)).isZero();
    }

    @Test
    void growsPastItsInitialCapacityKeepingEveryRow() {
        FlowBatch b = new FlowBatch(16);
        for (int i = 0; i < 1000; i++) {
            b.set(Field.BYTES, b.addRow(), i);
        }
        assertThat(b.size()).isEqualTo(1000);
        assertThat(b.get(Field.BYTES, 999)).isEqualTo(999);
        assertThat(b.copy().sameRows(b)).isTrue();
    }

    @Test
    void addressesPrintInTheirUsualForms() {
        assertThat(Addresses.format(0, Addresses.v4Low(0x0A000001))).isEqualTo("10.0.0.1");
        var v6 = Addresses.parse("2001:db8::1");
        assertThat(Addresses.format(Addresses.hi(v6), Addresses.lo(v6))).isEqualTo("2001:db8::1");
        var v4 = Addresses.parse("192.0.2.7");
        assertThat(Addresses.isV4(Addresses.hi(v4), Addresses.lo(v4))).isTrue();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"::", "::1", "2001:db8::", "fe80::1:2", "2001:db8:0:1:1:1:1:1",
        "2001:0:0:1::1", "1:2:3:4:5:6:7:8", "ff02::1:ff00:0"})
    void ipv6AddressesPrintInTheirRfc5952Form(String text) {
        var a = Addresses.parse(text);
        assertThat(Addresses.format(Addresses.hi(a), Addresses.lo(a))).isEqualTo(text);
    }
}
