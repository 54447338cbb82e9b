package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    static final long FIRST = 1_764_151_200_000L; // 2025-11-26T10:00:00Z

    static Alert sample() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("hosts", 254L);
        counts.put("failed", 250L);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("hosts", 25.0);
        thresholds.put("ratio", 0.8);
        return Alert.raised("scan", "src 203.0.113.9", Severity.HIGH, FIRST, FIRST + 61_250,
                        "203.0.113.9 probed 254 hosts on port 22.", "203.0.113.9", null, 6, List.of(22), counts,
                        thresholds, "src ip 203.0.113.9 and dst port 22")
                .withId("scan-0123456789ab", FIRST + 70_007);
    }

    @Test
    void writesExactlyTheDocumentedKeysInOrder() throws Exception {
        JsonNode n = new ObjectMapper().readTree(AlertJson.toJson(sample()));
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "detector", "severity", "first", "last", "detected_at", "summary",
                "src_addr", "dst_addr", "proto", "ports", "counts", "thresholds", "evidence");
        assertThat(n.get("severity").asText()).isEqualTo("high");
        assertThat(n.get("first").asText()).isEqualTo("2025-11-26T10:00:00.000Z");
        assertThat(n.get("last").asText()).isEqualTo("2025-11-26T10:01:01.250Z");
        assertThat(n.get("detected_at").asText()).isEqualTo("2025-11-26T10:01:10.007Z");
        assertThat(n.get("dst_addr").isNull()).isTrue();
        assertThat(n.get("ports").toString()).isEqualTo("[22]");
        assertThat(n.get("counts").toString()).isEqualTo("{\"hosts\":254,\"failed\":250}");
        assertThat(n.get("thresholds").toString()).isEqualTo("{\"hosts\":25,\"ratio\":0.8}");
        Filter.parse(n.get("evidence").asText());
    }

    @Test
    void readsBackWhatItWrote() {
        Alert a = sample();
        Alert back = AlertJson.parse(AlertJson.toJson(a));
        assertThat(back).usingRecursiveComparison().ignoringFields("key").isEqualTo(a);
        assertThat(back.key()).isEqualTo(a.id());
    }

    @Test
    void aMissingProtocolIsNullBothWays() {
        Alert a = sample();
        Alert noProto = new Alert(a.id(), a.detector(), a.severity(), a.first(), a.last(), a.detectedAt(), a.summary(),
                null, "10.0.0.1", null, List.of(), Map.of(), Map.of(), "dst ip 10.0.0.1", "k");
        assertThat(AlertJson.toJson(noProto)).contains("\"proto\":null", "\"src_addr\":null", "\"ports\":[]");
        assertThat(AlertJson.parse(AlertJson.toJson(noProto)).proto()).isNull();
    }

    @Test
    void refusesLinesThatAreNotAlerts() {
        for (String bad : List.of("", "{", "[1,2]", "{\"id\":\"x\"}",
                AlertJson.toJson(sample()).replace("\"high\"", "\"urgent\""),
                AlertJson.toJson(sample()).replace("2025-11-26T10:00:00.000Z", "yesterday"))) {
            assertThatThrownBy(() -> AlertJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
