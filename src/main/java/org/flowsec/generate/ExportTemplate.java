package org.flowsec.generate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * One v9/IPFIX template, compiled into parallel arrays (element id, length, source slot, how to write it),
 * so that writing a record is one loop over ints with no allocation. The same description produces the
 * template record announced to collectors and the data records that follow it, so the two cannot disagree.
 *
 * <p>Template record (RFC 3954 §5.2, RFC 7011 §3.4.1), followed by the data record layout it announces:
 * <pre>
 * +-------------------------------+-------------------------------+
 * |          template id          |          field count          |
 * +-------------------------------+-------------------------------+
 * |     field 1 element id        |        field 1 length         |
 * +-------------------------------+-------------------------------+
 * |                              ...                              |
 * </pre>
 */
final class ExportTemplate {
    /** An unsigned integer of the field's length, big-endian. */
    static final int UINT = 0;
    /** An address: 4 bytes (the IPv4 part of the mapped form) or 16 bytes. */
    static final int ADDRESS = 1;
    /** A v9 timestamp: milliseconds of sysUptime, 4 bytes. */
    static final int UPTIME = 2;
    /** An IPFIX dateTimeMilliseconds, 8 bytes. */
    static final int MILLIS = 3;
    /** ICMP type*256+code from the decoded ICMP columns, 0 for other protocols. */
    static final int ICMP = 4;

    final int id;
    final boolean v6;
    private int count;
    private int[] elements = new int[24];
    private int[] lengths = new int[24];
    private int[] slots = new int[24];
    private int[] kinds = new int[24];
    private int[] timeOffsets = new int[0];
    private int[] timeLengths = new int[0];
    private int[] portOffsets = new int[0];
    private int protoOffset = -1;
    private int recordLength;

    ExportTemplate(int id, boolean v6) {
        this.id = id;
        this.v6 = v6;
    }

    ExportTemplate add(int element, int length, Field field, int kind) {
        elements[count] = element;
        lengths[count] = length;
        slots[count] = field.slot();
        kinds[count] = kind;
        if (kind == UPTIME || kind == MILLIS) {
            timeOffsets = Arrays.copyOf(timeOffsets, timeOffsets.length + 1);
            timeOffsets[timeOffsets.length - 1] = recordLength;
            timeLengths = Arrays.copyOf(timeLengths, timeLengths.length + 1);
            timeLengths[timeLengths.length - 1] = length;
        }
        if ((field == Field.SRC_PORT || field == Field.DST_PORT) && length == 2) {
            portOffsets = Arrays.copyOf(portOffsets, portOffsets.length + 1);
            portOffsets[portOffsets.length - 1] = recordLength;
        }
        if (field == Field.PROTO) {
            protoOffset = recordLength;
        }
        recordLength += length;
        count++;
        return this;
    }

    int recordLength() { return recordLength; }

    int fieldCount() { return count; }

    /** Bytes of the template record: id, count, then 4 bytes per field. */
    int templateLength() { return 4 + 4 * count; }

    void writeTemplate(ByteBuffer out, int pos) {
        out.putShort(pos, (short) id);
        out.putShort(pos + 2, (short) count);
        for (int i = 0; i < count; i++) {
            out.putShort(pos + 4 + 4 * i, (short) elements[i]);
            out.putShort(pos + 6 + 4 * i, (short) lengths[i]);
        }
    }

    /** Writes one data record at {@code pos}; UPTIME fields are written relative to {@code bootMillis}. */
    void writeRecord(FlowBatch b, int row, ByteBuffer out, int pos, long bootMillis) {
        for (int i = 0; i < count; i++) {
            long v = b.slot(slots[i])[row];
            int len = lengths[i];
            switch (kinds[i]) {
                case ADDRESS -> {
                    if (len == 16) {
                        out.putLong(pos, v);
                        out.putLong(pos + 8, b.slot(slots[i] + 1)[row]);
                    } else {
                        out.putInt(pos, (int) b.slot(slots[i] + 1)[row]);
                    }
                }
                case UPTIME -> out.putInt(pos, (int) (v - bootMillis));
                case ICMP -> {
                    long proto = b.get(Field.PROTO, row);
                    out.putShort(pos, (short) (proto == 1 || proto == 58
                            ? b.get(Field.ICMP_TYPE, row) << 8 | b.get(Field.ICMP_CODE, row) : 0));
                }
                default -> putUnsigned(out, pos, len, v);
            }
            pos += len;
        }
    }

    /**
     * Makes the record at {@code pos} a later one: every time field moves forward by {@code shiftMillis}
     * and ephemeral ports rotate (see {@link EphemeralPorts}).
     */
    void replay(ByteBuffer d, int pos, long shiftMillis) {
        for (int i = 0; i < timeOffsets.length; i++) {
            int at = pos + timeOffsets[i];
            if (timeLengths[i] == 8) {
                d.putLong(at, d.getLong(at) + shiftMillis);
            } else {
                d.putInt(at, d.getInt(at) + (int) shiftMillis);
            }
        }
        int proto = protoOffset < 0 ? 0 : d.get(pos + protoOffset) & 0xFF;
        if (!EphemeralPorts.isIcmp(proto)) {
            for (int off : portOffsets) {
                d.putShort(pos + off, (short) EphemeralPorts.rotate(d.getShort(pos + off) & 0xFFFF));
            }
        }
    }

    private static void putUnsigned(ByteBuffer out, int pos, int len, long v) {
        switch (len) {
            case 1 -> out.put(pos, (byte) v);
            case 2 -> out.putShort(pos, (short) v);
            case 4 -> out.putInt(pos, (int) v);
            case 8 -> out.putLong(pos, v);
            default -> throw new IllegalStateException("unsupported field length " + len);
        }
    }
}
