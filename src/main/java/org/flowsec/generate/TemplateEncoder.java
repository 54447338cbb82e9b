package org.flowsec.generate;

import java.nio.ByteBuffer;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * What NetFlow v9 and IPFIX share: a header, then sets of 4-byte set header ({@code set id}, {@code length}
 * including the header and padding) and records. A template set leads every datagram in which the
 * {@link TemplateRefresh} schedule is due; data rows follow in batch order, a new data set opening
 * whenever the address family (and so the template) changes. Sets are padded to 4 bytes.
 * <pre>
 * +--------+------------------+-----------------+-----+-----------------+
 * | header | template set (*) | data set (256)  | ... | data set (257)  |   at most 1464 bytes
 * +--------+------------------+-----------------+-----+-----------------+
 * </pre>
 * Export times travel in whole seconds in both headers, so the encoder stamps every datagram with its
 * export time rounded down to the second; flow times keep their milliseconds.
 */
abstract class TemplateEncoder implements FlowEncoder {
    static final int SET_HEADER = 4;

    private final TemplateRefresh refresh;
    private final ExportTemplate v4;
    private final ExportTemplate v6;
    private long datagramsSinceTemplates;
    private long templatesSentAtMillis;
    private boolean templatesSent;
    /** Data records written so far. */
    protected long dataRecords;
    /** Datagrams written so far. */
    protected long datagrams;

    TemplateEncoder(TemplateRefresh refresh, ExportTemplate v4, ExportTemplate v6) {
        this.refresh = refresh;
        this.v4 = v4;
        this.v6 = v6;
    }

    abstract int headerLength();

    abstract int templateSetId();

    /** Writes the header, now that the datagram's length and record counts are known. */
    abstract void writeHeader(ByteBuffer out, int base, int length, int records, long dataRecordsBefore, long exportSeconds);

    /** Where UPTIME fields count from; IPFIX has none. */
    long bootMillis() { return 0; }

    /** Called once, with the first datagram's export time, before anything is written. */
    void start(long exportSeconds) {}

    @Override
    public int encode(FlowBatch flows, int from, int to, long exportMillis, ByteBuffer out) {
        if (out.remaining() < MAX_DATAGRAM) {
            throw new IllegalArgumentException("a datagram needs " + MAX_DATAGRAM + " bytes, buffer has " + out.remaining());
        }
        long exportSeconds = Math.floorDiv(exportMillis, 1000);
        if (!templatesSent) {
            start(exportSeconds);
        }
        long dataBefore = dataRecords;
        int base = out.position();
        int end = base + MAX_DATAGRAM;
        int pos = base + headerLength();
        int records = 0;
        if (!templatesSent || refresh.due(datagramsSinceTemplates, exportSeconds * 1000 - templatesSentAtMillis)) {
            int setStart = pos;
            pos += SET_HEADER;
            v4.writeTemplate(out, pos);
            pos += v4.templateLength();
            v6.writeTemplate(out, pos);
            pos += v6.templateLength();
            out.putShort(setStart, (short) templateSetId());
            out.putShort(setStart + 2, (short) (pos - setStart));
            records += 2;
            templatesSent = true;
            templatesSentAtMillis = exportSeconds * 1000;
            datagramsSinceTemplates = 0;
        }
        long[] srcHi = flows.slot(Field.SRC_ADDR.slot());
        long[] srcLo = flows.slot(Field.SRC_ADDR.slot() + 1);
        long[] dstHi = flows.slot(Field.DST_ADDR.slot());
        long[] dstLo = flows.slot(Field.DST_ADDR.slot() + 1);
        ExportTemplate current = null;
        int setStart = -1;
        int row = from;
        for (; row < to; row++) {
            ExportTemplate t = Addresses.isV4(srcHi[row], srcLo[row]) && Addresses.isV4(dstHi[row], dstLo[row]) ? v4 : v6;
            if (t != current) {
                int next = setStart < 0 ? pos : closeSet(out, setStart, pos);
                if (next + padded(SET_HEADER + t.recordLength()) > end) {
                    pos = next;
                    setStart = -1;
                    break;
                }
                setStart = next;
                out.putShort(setStart, (short) t.id);
                pos = setStart + SET_HEADER;
                current = t;
            } else if (setStart + padded(pos + t.recordLength() - setStart) > end) {
                break;
            }
            t.writeRecord(flows, row, out, pos, bootMillis());
            pos += t.recordLength();
            records++;
            dataRecords++;
        }
        if (setStart >= 0) {
            pos = closeSet(out, setStart, pos);
        }
        writeHeader(out, base, pos - base, records, dataBefore, exportSeconds);
        datagrams++;
        datagramsSinceTemplates++;
        out.position(pos);
        return row;
    }

    /** Pads the set that began at {@code setStart} to 4 bytes, writes its length, returns where it ends. */
    private static int closeSet(ByteBuffer out, int setStart, int pos) {
        int length = padded(pos - setStart);
        for (int p = pos; p < setStart + length; p++) {
            out.put(p, (byte) 0);
        }
        out.putShort(setStart + 2, (short) length);
        return setStart + length;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** Replays every data record as a later one (times, ephemeral ports); the header is the subclass's. */
    void shiftRecords(ByteBuffer d, long shiftMillis) {
        int base = d.position();
        int pos = base + headerLength();
        while (pos + SET_HEADER <= d.limit()) {
            int id = d.getShort(pos) & 0xFFFF;
            int length = d.getShort(pos + 2) & 0xFFFF;
            ExportTemplate t = id == v4.id ? v4 : id == v6.id ? v6 : null;
            if (t != null) {
                for (int r = pos + SET_HEADER; r + t.recordLength() <= pos + length; r += t.recordLength()) {
                    t.replay(d, r, shiftMillis);
                }
            }
            pos += Math.max(length, SET_HEADER);
        }
    }
}
