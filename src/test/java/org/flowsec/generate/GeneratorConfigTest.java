package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {
    private static final InetSocketAddress TARGET = new InetSocketAddress("127.0.0.1", 2055);

    @Test
    void rejectsWhatCannotBeSentWithAMessageSayingWhatIsAllowed() {
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 7, 10)).hasMessageContaining("5, 9 or 10");
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 5, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 5, 10).withRate(-1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 9, 10).withIpv6Share(1.5)).hasMessageContaining("0..1");
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 9, 10).withRingDatagrams(0)).hasMessageContaining("datagrams");
        assertThatThrownBy(() -> GeneratorConfig.of(TARGET, 9, 10).withRingDatagrams(1 << 20)).hasMessageContaining("datagrams");
    }

    @Test
    void v5CarriesNoIpv6AndBurstModeIgnoresTheRate() {
        assertThat(GeneratorConfig.of(TARGET, 5, 10).withIpv6Share(0.5).ipv6Share()).isZero();
        assertThat(GeneratorConfig.of(TARGET, 9, 10).ipv6Share()).isEqualTo(GeneratorConfig.DEFAULT_IPV6_SHARE);
        GeneratorConfig paced = GeneratorConfig.of(TARGET, 10, 10).withRate(5000);
        assertThat(paced.paced()).isTrue();
        assertThat(paced.withMode(GeneratorConfig.Mode.BURST).paced()).isFalse();
        assertThat(paced.withMode(GeneratorConfig.Mode.BURST).modelRate()).isEqualTo(5000);
        assertThat(GeneratorConfig.of(TARGET, 10, 10).modelRate()).isEqualTo(GeneratorConfig.UNPACED_MODEL_RATE);
    }
}
