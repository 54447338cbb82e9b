package org.flowsec.decode.legacy;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * NetFlow v1 (Cisco), the original layout: no sequence number, no engine ids, no AS or masks.
 * Header, 16 bytes:
 * <pre>
 * +-------------------------------+-------------------------------+
 * |        version (1)            |           count (1..24)       |
 * +-------------------------------+-------------------------------+
 * |                      sysUptime (ms)                           |
 * |                      unix_secs                                |
 * |                      unix_nsecs                               |
 * +---------------------------------------------------------------+
 * </pre>
 * Record, 48 bytes: srcaddr, dstaddr, nexthop (4 each), input, output (2), dPkts, dOctets, First, Last
 * (4), srcport, dstport (2), pad1 (2), prot, tos, tcp_flags (1), pad2 (1), reserved (6: tcp_retx_cnt,
 * tcp_retx_secs, tcp_misseq_cnt, reserved).
 */
public final class NetflowV1Decoder {
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 16;
    public static final int RECORD_LENGTH = 48;
    /** Cisco documents 24 records per v1 datagram, but softflowd sends up to 29 (see its test capture). */
    public static final int MAX_COUNT = 30;

    // record bytes after the 36 that v1, v5 and v7 share (LegacyLayout)
    private static final int R_PROTO = LegacyLayout.R_DSTPORT + 2 + 2; // after pad1
    private static final int R_TOS = R_PROTO + 1;
    private static final int R_FLAGS = R_TOS + 1;

    private final SamplingPolicy sampling;

    public NetflowV1Decoder(SamplingPolicy sampling) {
        this.sampling = sampling;
    }

    public void decode(ByteBuffer buf, long exporterHi, long exporterLo, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        int base = buf.position();
        int count = LegacyLayout.recordCount(buf, VERSION, HEADER_LENGTH, RECORD_LENGTH, MAX_COUNT);
        long uptime = LegacyLayout.uptime(buf);
        long exportMillis = LegacyLayout.exportMillis(buf);
        long rate = Math.max(1, sampling.rate(exporterHi, exporterLo, 0)); // v1 cannot announce sampling
        info.version = VERSION;
        info.domain = 0;
        info.hasSequence = false;
        info.sequenceAdvance = count;
        info.exportMillis = exportMillis;
        for (int i = 0; i < count; i++) {
            int r = base + HEADER_LENGTH + i * RECORD_LENGTH;
            int row = LegacyLayout.appendCommon(buf, r, out, exporterHi, exporterLo, rate, exportMillis, uptime);
            LegacyLayout.protocol(out, row, buf.get(r + R_PROTO) & 0xFF);
            out.set(Field.TOS, row, buf.get(r + R_TOS) & 0xFF);
            out.set(Field.TCP_FLAGS, row, buf.get(r + R_FLAGS) & 0xFF);
        }
        info.flows += count;
    }
}
