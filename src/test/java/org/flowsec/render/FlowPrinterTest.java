package org.flowsec.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class FlowPrinterTest {
    private static FlowBatch oneFlow() {
        FlowBatch b = new FlowBatch(1);
        int r = b.addRow();
        b.set(Field.FIRST, r, 1_795_687_200_123L);
        b.set(Field.LAST, r, 1_795_687_201_500L);
        b.setIpv4(Field.SRC_ADDR, r, 0x0A000001);
        var v6 = Addresses.parse("2001:db8::5");
        b.setAddress(Field.DST_ADDR, r, Addresses.hi(v6), Addresses.lo(v6));
        b.set(Field.SRC_PORT, r, 51234);
        b.set(Field.DST_PORT, r, 443);
        b.set(Field.PROTO, r, 6);
        b.set(Field.TCP_FLAGS, r, 0x1B);
        b.set(Field.PACKETS, r, 12);
        b.set(Field.BYTES, r, 4_500_000);
        return b;
    }

    private static String print(OutputFormat f, FlowBatch b) {
        StringWriter w = new StringWriter();
        FlowPrinter p = FlowPrinter.create(f, w);
        for (int i = 0; i < b.size(); i++) {
            p.print(b, i);
        }
        p.finish();
        return w.toString();
    }

    @Test
    void csvHasTheCatalogHeaderAndMachineValues() {
        String[] lines = print(OutputFormat.CSV, oneFlow()).split("\n");
        assertThat(lines[0]).startsWith("first,last,exporter,domain,src_addr,dst_addr,src_port,dst_port,proto");
        assertThat(lines[1]).startsWith("2026-11-26T10:00:00.123Z,2026-11-26T10:00:01.500Z,0.0.0.0,0,10.0.0.1,2001:db8::5,51234,443,6,27,");
        assertThat(lines[1].split(",")).hasSize(Field.all().size());
    }

    @Test
    void jsonLinesUseTheSameKeysWithNumbersAsNumbers() throws Exception {
        String out = print(OutputFormat.JSON, oneFlow());
        JsonNode n = new ObjectMapper().readTree(out.trim());
        assertThat(n.get("first").asText()).isEqualTo("2026-11-26T10:00:00.123Z");
        assertThat(n.get("src_addr").asText()).isEqualTo("10.0.0.1");
        assertThat(n.get("proto").isNumber()).isTrue();
        assertThat(n.get("bytes").asLong()).isEqualTo(4_500_000);
        assertThat(n.size()).isEqualTo(Field.all().size());
    }

    @Test
    void tableShowsProtocolNamesFlagLettersAndHumanUnitsAligned() {
        FlowBatch b = oneFlow();
        b.appendAll(oneFlow());
        b.set(Field.BYTES, 1, 7);
        String[] lines = print(OutputFormat.TABLE, b).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains("TCP").contains("...AP.SF").contains("4.5 M").contains("1.377");
        assertThat(lines[1].indexOf("10.0.0.1")).isEqualTo(lines[0].indexOf("src_addr"));
        assertThat(lines[1].length()).isEqualTo(lines[2].length());
    }

    /** An ICMP flow's dst_port shows as type.code in a table, chosen columns or not; the table reads what that needs. */
    @Test
    void aTableOfChosenColumnsShowsThemAsTheUsualTableDoes() {
        FlowBatch b = oneFlow();
        b.appendAll(oneFlow());
        b.set(Field.PROTO, 1, 1);
        b.set(Field.DST_PORT, 1, 3 * 256 + 1);
        b.set(Field.ICMP_TYPE, 1, 3);
        b.set(Field.ICMP_CODE, 1, 1);
        java.util.List<Column> chosen = java.util.List.of(Column.of(Field.PROTO), Column.of(Field.DST_PORT),
                Column.of(Field.TCP_FLAGS), Column.of(org.flowsec.flow.FlowMetric.DURATION), Column.of(Field.BYTES));
        StringWriter w = new StringWriter();
        FlowPrinter p = FlowPrinter.create(OutputFormat.TABLE, w, chosen);
        p.print(b, 0);
        p.print(b, 1);
        p.finish();
        String[] lines = w.toString().split("\n");
        assertThat(lines[0].split("\\s+")).containsExactly("proto", "dst_port", "tcp_flags", "duration", "bytes");
        assertThat(lines[1].trim().split("\\s+")).containsExactly("TCP", "443", "...AP.SF", "1.377", "4.5", "M");
        assertThat(lines[2].trim().split("\\s+")).containsExactly("ICMP", "3.1", "1.377", "4.5", "M");
        assertThat(print(OutputFormat.TABLE, b).split("\n")[2]).contains("ICMP").contains(" 3.1 ");
        assertThat(FlowPrinter.reads(OutputFormat.TABLE, java.util.List.of(Column.of(Field.DST_PORT))))
                .containsExactlyInAnyOrder(Field.DST_PORT, Field.PROTO, Field.ICMP_TYPE, Field.ICMP_CODE);
        assertThat(FlowPrinter.reads(OutputFormat.CSV, java.util.List.of(Column.of(Field.DST_PORT))))
                .containsExactly(Field.DST_PORT);
    }

    @Test
    void anEmptyTableStillPrintsItsHeader() {
        assertThat(print(OutputFormat.TABLE, new FlowBatch(1))).startsWith("first");
        assertThat(print(OutputFormat.CSV, new FlowBatch(1))).startsWith("first,last");
    }
}
