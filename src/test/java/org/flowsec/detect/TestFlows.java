package org.flowsec.detect;

import java.net.InetAddress;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Builds flows directly into a FlowBatch for detection tests: {@code TestFlows.batch().flow(...).flow(...).build()}. */
public final class TestFlows {
    private final FlowBatch batch = new FlowBatch(64);
    private String exporter = "192.0.2.1";
    private long domain;

    private TestFlows() {}

    public static TestFlows batch() { return new TestFlows(); }

    /** Following flows come from this exporter and observation domain. */
    public TestFlows from(String exporterAddress, long observationDomain) {
        this.exporter = exporterAddress;
        this.domain = observationDomain;
        return this;
    }

    /** One TCP flow of 1 packet, 60 bytes, SYN only, [first, last]. */
    public TestFlows flow(String src, String dst, int dstPort, long first, long last) {
        return flow(src, dst, 40000, dstPort, 6, first, last, 1, 60, 2);
    }

    public TestFlows flow(String src, String dst, int srcPort, int dstPort, int proto, long first, long last,
                          long packets, long bytes, int flags) {
        int r = batch.addRow();
        batch.set(Field.FIRST, r, first);
        batch.set(Field.LAST, r, last);
        address(Field.EXPORTER, r, exporter);
        batch.set(Field.DOMAIN, r, domain);
        address(Field.SRC_ADDR, r, src);
        address(Field.DST_ADDR, r, dst);
        batch.set(Field.SRC_PORT, r, srcPort);
        batch.set(Field.DST_PORT, r, dstPort);
        batch.set(Field.PROTO, r, proto);
        batch.set(Field.PACKETS, r, packets);
        batch.set(Field.BYTES, r, bytes);
        batch.set(Field.TCP_FLAGS, r, flags);
        batch.set(Field.SAMPLING, r, 1);
        return this;
    }

    public FlowBatch build() { return batch; }

    private void address(Field f, int row, String text) {
        InetAddress a = Addresses.parse(text);
        batch.setAddress(f, row, Addresses.hi(a), Addresses.lo(a));
    }
}
