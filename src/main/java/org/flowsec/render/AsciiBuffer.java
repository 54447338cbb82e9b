package org.flowsec.render;

import java.util.Arrays;

/**
 * A growable byte array that ASCII text is appended to, reused row after row: printing millions of flows
 * then allocates nothing per row and needs no char-to-UTF-8 encoding (ASCII is its own UTF-8). Hot loops
 * {@link #reserve} room for a whole line once and write into {@link #array()} with the static put methods,
 * which take the index to write at and return the index after what they wrote.
 */
public final class AsciiBuffer {
    /** The most bytes {@link #putLong} writes: a minus sign and nineteen digits. */
    static final int MAX_LONG = 20;
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Two digits of 0..99: the tens at 2i, the ones at 2i+1. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] bytes;
    private int length;

    public AsciiBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** The bytes; valid below {@link #length()}, and replaced when {@link #reserve} grows the buffer. */
    public byte[] array() { return bytes; }

    public int length() { return length; }

    public void clear() { length = 0; }

    /** Sets the length after a caller wrote into {@link #array()} up to (not including) {@code newLength}. */
    void setLength(int newLength) {
        if (newLength < 0 || newLength > bytes.length) {
            throw new IllegalArgumentException("length " + newLength + " outside 0.." + bytes.length);
        }
        length = newLength;
    }

    /** Makes room for {@code n} more bytes after {@link #length()}. */
    public void reserve(int n) {
        if (bytes.length - length < n) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    public void append(byte[] text) {
        reserve(text.length);
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
    }

    /** Writes {@code v} in decimal as {@link Long#toString(long)} does. */
    static int putLong(byte[] dst, int at, long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) { // ports, counters, flags: nearly every value printed
            return putInt(dst, at, (int) v);
        }
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, dst, at, MIN_LONG.length);
            return at + MIN_LONG.length;
        }
        if (v < 0) {
            dst[at++] = '-';
            v = -v;
            if (v <= Integer.MAX_VALUE) {
                return putInt(dst, at, (int) v);
            }
        }
        int end = at + digits(v);
        int p = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            dst[--p] = PAIRS[2 * r + 1];
            dst[--p] = PAIRS[2 * r];
            v = q;
        }
        putIntBackwards(dst, p, (int) v);
        return end;
    }

    /** Writes {@code i >= 0} in decimal. */
    static int putInt(byte[] dst, int at, int i) {
        if (i < 10) {
            dst[at] = (byte) ('0' + i);
            return at + 1;
        }
        if (i < 100) {
            return putTwoDigits(dst, at, i);
        }
        int end = at + (i < 1000 ? 3 : i < 10_000 ? 4 : i < 100_000 ? 5 : i < 1_000_000 ? 6 : i < 10_000_000 ? 7
                : i < 100_000_000 ? 8 : i < 1_000_000_000 ? 9 : 10);
        putIntBackwards(dst, end, i);
        return end;
    }

    /** Writes {@code i >= 0} so that its last digit is just before {@code end}. */
    private static void putIntBackwards(byte[] dst, int end, int i) {
        int p = end;
        while (i >= 100) {
            int q = i / 100;
            int r = i - q * 100;
            dst[--p] = PAIRS[2 * r + 1];
            dst[--p] = PAIRS[2 * r];
            i = q;
        }
        if (i >= 10) {
            dst[--p] = PAIRS[2 * i + 1];
            dst[--p] = PAIRS[2 * i];
        } else {
            dst[--p] = (byte) ('0' + i);
        }
    }

    /** Writes {@code v} (0..99) as exactly two digits. */
    static int putTwoDigits(byte[] dst, int at, int v) {
        dst[at] = PAIRS[2 * v];
        dst[at + 1] = PAIRS[2 * v + 1];
        return at + 2;
    }

    /** Writes {@code v} (0..999) as exactly three digits. */
    static int putThreeDigits(byte[] dst, int at, int v) {
        int hundreds = v / 100;
        dst[at] = (byte) ('0' + hundreds);
        return putTwoDigits(dst, at + 1, v - hundreds * 100);
    }

    /** Number of decimal digits of {@code v >= 0}. */
    private static int digits(long v) {
        int n = 1;
        long limit = 10;
        while (n < 19 && v >= limit) {
            n++;
            limit *= 10;
        }
        return n;
    }
}
