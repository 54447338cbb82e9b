package org.flowsec.detect.newservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSideTest {
    @Test
    void theWellKnownOrLowerPortIsTheServer() {
        assertThat(ServerSide.byPorts(53, 40000, 32768)).isEqualTo(ServerSide.SRC);
        assertThat(ServerSide.byPorts(40000, 443, 32768)).isEqualTo(ServerSide.DST);
        assertThat(ServerSide.byPorts(1023, 22, 32768)).isEqualTo(ServerSide.DST);
        assertThat(ServerSide.byPorts(1500, 80, 32768)).isEqualTo(ServerSide.DST);
    }

    @Test
    void aRegisteredPortFacingAnEphemeralOneIsTheServer() {
        assertThat(ServerSide.byPorts(8443, 51000, 32768)).isEqualTo(ServerSide.SRC);
        assertThat(ServerSide.byPorts(60000, 3306, 32768)).isEqualTo(ServerSide.DST);
    }

    @Test
    void twoEphemeralOrTwoRegisteredOrEqualPortsDecideNothing() {
        assertThat(ServerSide.byPorts(50000, 60000, 32768)).isEqualTo(ServerSide.UNDECIDED);
        assertThat(ServerSide.byPorts(5000, 8080, 32768)).isEqualTo(ServerSide.UNDECIDED);
        assertThat(ServerSide.byPorts(123, 123, 32768)).isEqualTo(ServerSide.UNDECIDED);
        assertThat(ServerSide.byPorts(0, 80, 32768)).isEqualTo(ServerSide.UNDECIDED);
    }
}
