package org.flowsec.store.format;

/**
 * A bounds-checked big-endian reader over a byte range. Every read past the end raises
 * {@link CorruptDataException}, so a truncated or garbled file can never index outside its buffer.
 */
public final class ByteSource {
    private byte[] buf;
    private int pos;
    private int end;

    public ByteSource() {}

    public ByteSource(byte[] buf, int off, int len) {
        wrap(buf, off, len);
    }

    public ByteSource wrap(byte[] b, int off, int len) {
        this.buf = b;
        this.pos = off;
        this.end = off + len;
        return this;
    }

    public int position() { return pos; }

    public int remaining() { return end - pos; }

    public byte[] array() { return buf; }

    private void need(int n) throws CorruptDataException {
        if (n < 0 || end - pos < n) {
            throw new CorruptDataException("needs " + n + " bytes at offset " + pos + ", only " + (end - pos) + " left");
        }
    }

    public int getByte() throws CorruptDataException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int getShort() throws CorruptDataException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int getInt() throws CorruptDataException {
        need(4);
        int v = getIntAt(buf, pos);
        pos += 4;
        return v;
    }

    public static int getIntAt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    public long getLong() throws CorruptDataException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long getVarLong() throws CorruptDataException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptDataException("varint longer than 10 bytes at offset " + pos);
    }

    /** A varint that must fit a non-negative int no larger than {@code max}. */
    public int getVarInt(int max) throws CorruptDataException {
        long v = getVarLong();
        if (v < 0 || v > max) {
            throw new CorruptDataException("value " + v + " outside 0.." + max + " at offset " + pos);
        }
        return (int) v;
    }

    public long getZigZag() throws CorruptDataException {
        long v = getVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** Skips {@code n} bytes and returns the offset where they start. */
    public int take(int n) throws CorruptDataException {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }
}
