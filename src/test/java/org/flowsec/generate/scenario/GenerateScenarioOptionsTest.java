package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.flowsec.cli.ExitCode;
import org.flowsec.cli.Main;
import org.junit.jupiter.api.Test;

/** Wrong scenario options give one line saying what to do, exit code 2, and send nothing. */
class GenerateScenarioOptionsTest {
    @Test
    void wrongScenarioOptionsGiveOneLineAndExitCodeTwo() {
        for (List<String> args : List.of(
                List.of("generate", "--flows", "10", "--labels", "x.jsonl"),
                List.of("generate", "--flows", "10", "--start", "2026-01-01T00:00:00Z"),
                List.of("generate", "--flows", "100000", "--scenario", "portscan"),
                List.of("generate", "--flows", "100", "--scenario", "syn-flood"),
                List.of("generate", "--flows", "100000", "--scenario", "p2p", "--active-timeout", "soon"),
                List.of("generate", "--flows", "100000", "--scenario", "p2p", "--active-timeout", "0"),
                List.of("generate", "--flows", "100000", "--scenario", "p2p", "--start", "yesterday"))) {
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    args.toArray(String[]::new));
            assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString().strip().lines().count()).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).startsWith("flowsec: ");
        }
    }

    @Test
    void tooFewFlowsForTheScenariosSaysHowManyAreNeeded() {
        StringWriter err = new StringWriter();
        Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "generate", "--flows", "100", "--scenario", "bruteforce");
        assertThat(err.toString()).contains("at least 600");
    }
}
