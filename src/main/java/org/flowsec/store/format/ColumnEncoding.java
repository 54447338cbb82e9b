package org.flowsec.store.format;

/**
 * How one column of one block is laid out before zstd (docs/file-format.md, "Column frames"). The id is the
 * low 7 bits of the frame's first byte; the high bit says the payload is zstd-compressed.
 */
public enum ColumnEncoding {
    /** Every row holds the same value: {@code zigzag(value)}. */
    CONST(0),
    /** Frame of reference: {@code zigzag(min), u8 width}, then byte planes of {@code v - min}, most significant plane first. */
    FOR(1),
    /** {@code zigzag(v0), zigzag(dmin), u8 width}, then byte planes of {@code (v[i] - v[i-1]) - dmin} for i ≥ 1. */
    DELTA_FOR(2),
    /** {@code zigzag(min)}, then one unsigned varint of {@code v - min} per row. */
    VARINT(3),
    /** {@code zigzag(v0)}, then {@code zigzag(v[i] - v[i-1])} per row i ≥ 1: sorted runs with a few jumps back. */
    DELTA_VARINT(4),
    /**
     * {@code varint d, zigzag(dict[0])}, then d-1 unsigned varints of {@code dict[i] - dict[i-1] - 1} (the
     * distinct values, ascending), then {@code u8 width} and byte planes of each row's index into dict.
     * Pays for wide columns with repeated values (addresses: a popular host costs its index, not 4-16 bytes).
     */
    DICT(5),
    /**
     * As DICT, but the indexes are bit-packed: {@code varint d, zigzag(dict[0])}, d-1 varints of
     * {@code dict[i] - dict[i-1] - 1}, {@code u8 bits} (1..16), then {@code ceil(n * bits / 8)} bytes holding row
     * i's index at bits {@code [i * bits, (i + 1) * bits)} of the byte string read as one little-endian number
     * (byte 0 holds bits 0..7). Narrow, low-cardinality columns (protocol, flags, interfaces, AS numbers, the
     * service port) shrink to a few bits a row before zstd, which then has far fewer bytes to compress.
     * Format version 2.
     */
    PACKED_DICT(6),
    /**
     * A column that is a function of an address column within the block (AS numbers, prefix lengths,
     * interfaces, next hop: {@link DependentColumns}): {@code varint parent column, varint d, u8 inner encoding},
     * then the inner encoding's payload over d rows, the column's value for each of the parent's d distinct
     * addresses in order of their first appearance in the block. Row i's value is the inner row numbered by its
     * address. The inner encoding is any other. Format version 3.
     */
    DEPENDENT(7);

    /** High bit of the frame's first byte: the payload is a zstd frame. */
    public static final int COMPRESSED_FLAG = 0x80;

    private static final ColumnEncoding[] BY_ID = values();

    private final int id;

    ColumnEncoding(int id) {
        this.id = id;
    }

    public int id() { return id; }

    public static ColumnEncoding byId(int id) throws CorruptDataException {
        if (id < 0 || id >= BY_ID.length) {
            throw new CorruptDataException("unknown column encoding " + id);
        }
        return BY_ID[id];
    }
}
