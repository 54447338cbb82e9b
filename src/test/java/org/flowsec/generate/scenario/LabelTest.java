package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels as JSON lines: what any JSON reader sees, and the way back. */
class LabelTest {
    @TempDir
    Path tmp;

    private static final Label FLOOD = new Label("syn-flood", "flood", "a \"quoted\" \\ back\tslash\nline \u0001",
            List.of("192.0.2.1", "2001:db8::1"), 15_000, "10.10.200.80", 1_767_225_660_000L, 1_767_225_675_000L, 20_938,
            "host 10.10.200.80 and port 80 and proto tcp");

    @Test
    void aLabelIsOneLineOfJsonWithSnakeCaseKeysThatJacksonReads() throws Exception {
        String json = FLOOD.toJson();
        assertThat(json).doesNotContain("\n");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("scenario").asText()).isEqualTo("syn-flood");
        assertThat(n.get("detector").asText()).isEqualTo("flood");
        assertThat(n.get("description").asText()).isEqualTo(FLOOD.description());
        assertThat(n.get("attackers").get(1).asText()).isEqualTo("2001:db8::1");
        assertThat(n.get("attacker_count").asInt()).isEqualTo(15_000);
        assertThat(n.get("victim").asText()).isEqualTo("10.10.200.80");
        assertThat(n.get("first").asLong()).isEqualTo(1_767_225_660_000L);
        assertThat(n.get("last").asLong()).isEqualTo(1_767_225_675_000L);
        assertThat(n.get("flows").asLong()).isEqualTo(20_938);
        assertThat(n.get("evidence").asText()).isEqualTo(FLOOD.evidence());
    }

    @Test
    void labelsRoundTripThroughJsonAndThroughAFile() throws Exception {
        assertThat(Label.fromJson(FLOOD.toJson())).isEqualTo(FLOOD);
        List<Label> generated = ScenarioRun.start(ScenarioSpec.of(List.of(ScenarioKind.values()), 0).withBackgroundRatio(0), 1)
                .labels();
        Path file = tmp.resolve("labels.jsonl");
        Label.writeLines(file, generated);
        assertThat(Label.readLines(file)).isEqualTo(generated);
    }

    @Test
    void malformedLinesAreRefusedWithWhereTheyWentWrong() {
        String good = FLOOD.toJson();
        for (String bad : List.of("", "{", "[]", good.replace("\"flows\":20938", "\"flows\":\"x\""),
                good.substring(0, good.length() - 1), good + "x", good.replace("\"victim\"", "\"scenario\""),
                "{\"scenario\":\"a\\q\"}")) {
            assertThatThrownBy(() -> Label.fromJson(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("label JSON");
        }
    }
}
