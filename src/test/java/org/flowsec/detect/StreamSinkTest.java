package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSinkTest {
    private static Alert alert(String src) {
        return Alert.raised("scan", "scan/" + src, Severity.LOW, 1_700_000_000_000L, 1_700_000_060_000L,
                src + " probed 30 hosts on tcp port 22.", src, null, 6, List.of(22), Map.of("hosts", 30L),
                Map.of("hosts", 25.0), "src host " + src + " and dst port 22");
    }

    @Test
    void eachAlertIsOneJsonLineAndNothingFails() {
        StringWriter text = new StringWriter();
        StreamSink sink = new StreamSink(new PrintWriter(text));

        sink.accept(alert("192.0.2.1"), false);
        sink.accept(alert("192.0.2.2"), true);

        assertThat(text.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("{\"id\":"));
        assertThat(text.toString()).contains("\"src_addr\":\"192.0.2.1\"", "\"src_addr\":\"192.0.2.2\"");
        assertThat(sink.failures()).isZero();
    }

    @Test
    void everyAlertThatCannotBeWrittenIsCounted() {
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StreamSink sink = new StreamSink(new PrintWriter(closedPipe));

        sink.accept(alert("192.0.2.1"), false);
        sink.accept(alert("192.0.2.2"), false);
        sink.accept(alert("192.0.2.3"), true);

        assertThat(sink.failures()).isEqualTo(3);
    }
}
