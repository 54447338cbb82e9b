package org.flowsec.store.format;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer with LEB128 varints. One instance is reused per writer; {@link #reset()}
 * keeps the array, so steady-state encoding allocates nothing.
 */
public final class ByteSink {
    private byte[] buf;
    private int pos;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public void reset() { pos = 0; }

    public int size() { return pos; }

    /** The backing array; valid bytes are [0, size()). */
    public byte[] array() { return buf; }

    /** Makes room for {@code n} more bytes and returns the current write position. */
    public int reserve(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
        return pos;
    }

    /** Advances the position after a caller wrote {@code n} bytes at {@link #reserve}'s position. */
    public void skip(int n) { pos += n; }

    public void putByte(int b) {
        reserve(1);
        buf[pos++] = (byte) b;
    }

    public void putShort(int v) {
        reserve(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void putInt(int v) {
        reserve(4);
        putIntAt(pos, v);
        pos += 4;
    }

    public void putIntAt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public void putLong(long v) {
        reserve(8);
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    /** Unsigned LEB128: 7 bits per byte, low group first, high bit set on all but the last byte. */
    public void putVarLong(long v) {
        reserve(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** ZigZag then LEB128, so small negative numbers stay short. */
    public void putZigZag(long v) {
        putVarLong((v << 1) ^ (v >> 63));
    }

    public void putBytes(byte[] src, int off, int len) {
        reserve(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    public void putSink(ByteSink other) {
        putBytes(other.buf, 0, other.pos);
    }

    public byte[] toByteArray() { return Arrays.copyOf(buf, pos); }
}
