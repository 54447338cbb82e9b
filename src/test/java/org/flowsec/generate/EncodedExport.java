package org.flowsec.generate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.FlowBatch;

/** A batch of model flows encoded into datagrams, remembering which rows each datagram carries. */
record EncodedExport(FlowBatch flows, List<ByteBuffer> datagrams, List<int[]> rows) {
    static EncodedExport of(int version, long seed, int count, double ipv6Share) {
        FlowBatch flows = new FlowBatch(count);
        new RealisticFlowModel(seed, GoldenFlows.EXPORT, 1000, ipv6Share).fill(flows, count);
        FlowEncoder encoder = FlowEncoder.forVersion(version, 7, TemplateRefresh.DEFAULT);
        List<ByteBuffer> datagrams = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        for (int row = 0; row < count; ) {
            ByteBuffer buf = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
            int next = encoder.encode(flows, row, Math.min(count, row + 32), GoldenFlows.EXPORT + row, buf);
            buf.flip();
            datagrams.add(buf);
            rows.add(new int[] {row, next});
            row = next;
        }
        return new EncodedExport(flows, datagrams, rows);
    }
}
