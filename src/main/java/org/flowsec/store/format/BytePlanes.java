package org.flowsec.store.format;

/**
 * Reassembles values stored as byte planes (all rows' most significant byte, then the next byte of every
 * row, ...) in one pass over the destination: each row reads its byte from every plane and is written once,
 * with the frame's offset already added. Columns are tens of thousands of rows, so a pass per plane and one
 * more for the offset (the simple way) moved the whole {@code long[]} through the cache several times.
 */
final class BytePlanes {
    private BytePlanes() {}

    /**
     * Sets {@code dst[i] = add + value(i)} for i in {@code [from, n)}, where row i's bytes are at
     * {@code b[at + p * (n - from) + i - from]} for plane p (0 = most significant) of {@code width} (1..8).
     * The caller has checked that the {@code (n - from) * width} bytes lie inside its payload.
     */
    static void read(byte[] b, int at, long[] dst, int from, int n, int width, long add) {
        int rows = n - from;
        int o0 = at - from;
        switch (width) {
            case 1 -> {
                for (int i = from; i < n; i++) {
                    dst[i] = (b[o0 + i] & 0xFF) + add;
                }
            }
            case 2 -> {
                int o1 = o0 + rows;
                for (int i = from; i < n; i++) {
                    dst[i] = (((b[o0 + i] & 0xFF) << 8) | (b[o1 + i] & 0xFF)) + add;
                }
            }
            case 3 -> {
                int o1 = o0 + rows;
                int o2 = o1 + rows;
                for (int i = from; i < n; i++) {
                    dst[i] = (((b[o0 + i] & 0xFF) << 16) | ((b[o1 + i] & 0xFF) << 8) | (b[o2 + i] & 0xFF)) + add;
                }
            }
            case 4 -> {
                int o1 = o0 + rows;
                int o2 = o1 + rows;
                int o3 = o2 + rows;
                for (int i = from; i < n; i++) {
                    long v = ((long) (b[o0 + i] & 0xFF) << 24) | ((b[o1 + i] & 0xFF) << 16) | ((b[o2 + i] & 0xFF) << 8)
                            | (b[o3 + i] & 0xFF);
                    dst[i] = v + add;
                }
            }
            default -> {
                for (int i = from; i < n; i++) {
                    dst[i] = b[o0 + i] & 0xFF;
                }
                for (int plane = 1; plane < width; plane++) {
                    int off = o0 + plane * rows;
                    for (int i = from; i < n; i++) {
                        dst[i] = (dst[i] << 8) | (b[off + i] & 0xFF);
                    }
                }
                for (int i = from; i < n; i++) {
                    dst[i] += add;
                }
            }
        }
    }
}
