package org.flowsec.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimeParserTest {
    private static final long T = 1_795_687_200_000L; // 2026-11-26T10:00:00Z

    @ParameterizedTest
    @CsvSource({
        "2026-11-26T10:00:00Z, 0",
        "2026-11-26T10:00:00.250Z, 250",
        "2026-11-26T11:00:00+01:00, 0",
        "2026-11-26T10:00:00, 0",
        "2026/11/26.10:00:00, 0",
        "2026/11/26.10:00, 0",
        "2026/11/26.10, 0",
        "2026/11/26, -36000000",
        "2026-11-26, -36000000",
        "1795687200, 0",
    })
    void acceptsIsoNfdumpAndEpochForms(String text, long offsetFromT) {
        assertThat(TimeParser.parseMillis(text)).isEqualTo(T + offsetFromT);
    }

    @Test
    void rejectsNonsenseWithTheFormsItAccepts() {
        assertThatThrownBy(() -> TimeParser.parseMillis("yesterday"))
                .hasMessageContaining("2026-11-26T10:00:00Z").hasMessageContaining("2026/11/26.10:00:00");
        assertThatThrownBy(() -> TimeParser.parseMillis("2026/13/40")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "now, 0",
        "NOW, 0",
        "now-90m, -5400000",
        "now-2h, -7200000",
        "now-7d, -604800000",
        "now-30s, -30000",
        "today, -36000000",
        "yesterday, -122400000",
        "2026-11-26T09:00:00Z, -3600000",
        "2026/11/25.10:00, -86400000",
    })
    void relativeTimesCountFromNow(String text, long offsetFromNow) {
        assertThat(TimeParser.parseMillis(text, T)).isEqualTo(T + offsetFromNow);
    }

    @Test
    void aBadRelativeTimeSaysWhatIsAccepted() {
        assertThatThrownBy(() -> TimeParser.parseMillis("now-soon", T)).hasMessageContaining("now-2h");
        assertThatThrownBy(() -> TimeParser.parseMillis("now+2h", T)).hasMessageContaining("now-2h")
                .hasMessageContaining("2026-11-26T10:00:00Z");
        assertThatThrownBy(() -> TimeParser.parseMillis("last week", T)).hasMessageContaining("yesterday");
    }

    @Test
    void durationsAndSizesUseTheirUsualSuffixes() {
        assertThat(Quantities.duration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Quantities.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Quantities.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.bytes("500G")).isEqualTo(500L << 30);
        assertThat(Quantities.bytes("4194304")).isEqualTo(4194304L);
        assertThat(Quantities.human(35_000_000)).isEqualTo("35.0 M");
        assertThatThrownBy(() -> Quantities.duration("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantities.bytes("lots")).isInstanceOf(IllegalArgumentException.class);
    }
}
