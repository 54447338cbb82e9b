package org.flowsec.decode.template;

import java.nio.ByteBuffer;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * Column-at-a-time loops over the records of one data set of a fixed-length template: a field sits at the
 * same offset in every record, {@code size} bytes apart, so copying it for the whole set is one tight
 * loop per field with a predictable branch, instead of a dispatch per field and record.
 */
final class SetColumns {
    private SetColumns() {}

    /** v5-style ICMP type and code from the destination port, for templates without ICMP fields. */
    static void icmpFromPorts(FlowBatch out, int row0, int rows) {
        long[] proto = out.slot(Field.PROTO.slot());
        long[] port = out.slot(Field.DST_PORT.slot());
        long[] type = out.slot(Field.ICMP_TYPE.slot());
        long[] code = out.slot(Field.ICMP_CODE.slot());
        for (int row = row0; row < rows; row++) {
            if (Protocols.isIcmp((int) proto[row])) {
                type[row] = (port[row] >>> 8) & 0xFF;
                code[row] = port[row] & 0xFF;
            }
        }
    }

    /** One plain field of every record of a set, {@code at} its first occurrence, {@code size} apart. */
    static void plain(ByteBuffer b, int at, int size, int len, int kind, FlowBatch out, int slot,
                               int row0, int rows) {
        long[] col = out.slot(slot);
        if (kind == FixedLayout.PLAIN_V4) {
            long[] low = out.slot(slot + 1);
            for (int row = row0; row < rows; row++, at += size) {
                low[row] = Addresses.v4Low(b.getInt(at));
            }
        } else if (kind == FixedLayout.PLAIN_V6) {
            long[] low = out.slot(slot + 1);
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = b.getLong(at);
                low[row] = b.getLong(at + 8);
            }
        } else if (len == 1) {
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = b.get(at) & 0xFFL;
            }
        } else if (len == 2) {
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = b.getShort(at) & 0xFFFFL;
            }
        } else if (len == 4) {
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = b.getInt(at) & 0xFFFF_FFFFL;
            }
        } else if (len == 8) {
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = b.getLong(at);
            }
        } else {
            for (int row = row0; row < rows; row++, at += size) {
                col[row] = RecordDecoder.unsigned(b, at, len);
            }
        }
    }
}
