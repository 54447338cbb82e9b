package org.flowsec.store.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The footer of a sealed segment: a versioned list of typed sections, so later formats can add sections
 * (per-segment address postings are next) that older readers skip.
 *
 * <pre>
 * +------------------+  then per section:
 * | u16 section count|  +---------+------------+-----------+------------------+
 * +------------------+  | u16 type| u16 version| u32 length| payload (length) |
 *                       +---------+------------+-----------+------------------+
 * type 1 SUMMARY v1:       zigzag window start, varint seq, zigzag created, varint records,
 *                          zigzag min(first), zigzag max(last), column schema
 * type 2 BLOCK_INDEX v1:   varint blocks; per block: varint offset, varint length, u32 CRC32C,
 *                          varint records, zigzag min(first), zigzag max(last),
 *                          per column zigzag min, zigzag max
 * type 3 ADDRESS_BLOOM v1: varint blocks; per block: varint words, u8 probes, words x u64
 * type 4 ADDRESS_TOTALS v1: varint offset, varint length, u32 CRC32C, varint raw length
 *                          (where the segment's {@link AddressTotalsFormat} frame lies)
 * </pre>
 * SUMMARY and BLOCK_INDEX are required; a reader that meets an unknown type skips it by its length, and
 * a known type with an unknown version is treated as absent (ADDRESS_BLOOM, ADDRESS_TOTALS) or rejects the
 * file (the others).
 *
 * @param totals where the address totals lie, or null when the segment has none (older writers)
 */
public record SegmentFooter(long windowStartMillis, int seq, long createdMillis, long records,
                            long minFirst, long maxLast, ColumnSchema schema,
                            List<BlockMeta> blocks, List<long[]> blooms, AddressTotalsFormat.Ref totals) {
    public static final int SECTION_SUMMARY = 1;
    public static final int SECTION_BLOCK_INDEX = 2;
    public static final int SECTION_ADDRESS_BLOOM = 3;
    public static final int SECTION_ADDRESS_TOTALS = 4;
    private static final int SECTION_HEADER = 8;

    public void write(ByteSink out) {
        ByteSink section = new ByteSink(1024);
        out.putShort(2 + (blooms == null ? 0 : 1) + (totals == null ? 0 : 1));

        section.putZigZag(windowStartMillis);
        section.putVarLong(seq & 0xFFFF_FFFFL);
        section.putZigZag(createdMillis);
        section.putVarLong(records);
        section.putZigZag(minFirst);
        section.putZigZag(maxLast);
        schema.write(section);
        putSection(out, SECTION_SUMMARY, section);

        section.reset();
        section.putVarLong(blocks.size());
        for (BlockMeta b : blocks) {
            section.putVarLong(b.offset());
            section.putVarLong(b.length());
            section.putInt(b.crc32c());
            section.putVarLong(b.records());
            b.writeStats(section);
        }
        putSection(out, SECTION_BLOCK_INDEX, section);

        if (blooms != null) {
            section.reset();
            section.putVarLong(blooms.size());
            for (long[] words : blooms) {
                section.putVarLong(words.length);
                section.putByte(AddressBloom.PROBES);
                for (long w : words) {
                    section.putLong(w);
                }
            }
            putSection(out, SECTION_ADDRESS_BLOOM, section);
        }

        if (totals != null) {
            section.reset();
            section.putVarLong(totals.offset());
            section.putVarLong(totals.length());
            section.putInt(totals.crc32c());
            section.putVarLong(totals.rawLength());
            putSection(out, SECTION_ADDRESS_TOTALS, section);
        }
    }

    private static void putSection(ByteSink out, int type, ByteSink payload) {
        out.putShort(type);
        out.putShort(1);
        out.putInt(payload.size());
        out.putSink(payload);
    }

    /** Parses a footer whose checksum the caller has verified; still bounds-checks everything. */
    public static SegmentFooter read(byte[] buf, int len, long fileSize) throws CorruptDataException {
        ByteSource in = new ByteSource(buf, 0, len);
        int count = in.getShort();
        ByteSource summary = null;
        ByteSource index = null;
        ByteSource bloom = null;
        ByteSource totalsSection = null;
        for (int i = 0; i < count; i++) {
            int type = in.getShort();
            int version = in.getShort();
            int length = in.getInt();
            if (length < 0) {
                throw new CorruptDataException("section length " + length);
            }
            int at = in.take(length);
            ByteSource s = new ByteSource(buf, at, length);
            if (type == SECTION_SUMMARY) {
                summary = requireV1(s, type, version);
            } else if (type == SECTION_BLOCK_INDEX) {
                index = requireV1(s, type, version);
            } else if (type == SECTION_ADDRESS_BLOOM && version == 1) {
                bloom = s;
            } else if (type == SECTION_ADDRESS_TOTALS && version == 1) {
                totalsSection = s;
            }
        }
        if (summary == null || index == null) {
            throw new CorruptDataException("footer lacks its summary or block index section");
        }
        long start = summary.getZigZag();
        int seq = (int) summary.getVarLong();
        long created = summary.getZigZag();
        long records = summary.getVarLong();
        long minFirst = summary.getZigZag();
        long maxLast = summary.getZigZag();
        ColumnSchema schema = ColumnSchema.read(summary);

        int nBlocks = index.getVarInt(index.remaining());
        List<BlockMeta> blocks = new ArrayList<>(nBlocks);
        long total = 0;
        for (int b = 0; b < nBlocks; b++) {
            long off = index.getVarLong();
            int blen = index.getVarInt(Integer.MAX_VALUE);
            int crc = index.getInt();
            int recs = index.getVarInt(BlockEncoder.MAX_ROWS);
            BlockMeta meta = BlockMeta.readStats(index, schema.size(), off, blen, crc, recs);
            if (off < FileHeader.LENGTH || off + blen > fileSize) {
                throw new CorruptDataException("block " + b + " at [" + off + ", +" + blen + ") outside the file");
            }
            total += recs;
            blocks.add(meta);
        }
        if (total != records) {
            throw new CorruptDataException("blocks hold " + total + " records, summary says " + records);
        }
        List<long[]> blooms = bloom == null ? null : readBlooms(bloom, nBlocks);
        AddressTotalsFormat.Ref totals = totalsSection == null ? null : readTotalsRef(totalsSection, fileSize);
        return new SegmentFooter(start, seq, created, records, minFirst, maxLast, schema, blocks, blooms, totals);
    }

    private static AddressTotalsFormat.Ref readTotalsRef(ByteSource in, long fileSize) throws CorruptDataException {
        long offset = in.getVarLong();
        int length = in.getVarInt(Integer.MAX_VALUE);
        int crc = in.getInt();
        int raw = in.getVarInt(AddressTotalsFormat.MAX_RAW);
        if (offset < FileHeader.LENGTH || offset + length > fileSize) {
            throw new CorruptDataException("address totals at [" + offset + ", +" + length + ") outside the file");
        }
        return new AddressTotalsFormat.Ref(offset, length, crc, raw);
    }

    /**
     * Checks the Bloom section's layout and returns its filters as a list that reads each block's words when
     * asked: a day's segment holds some 20 MB of them, which only a query for addresses reads, and parsing them
     * all took 50-180 ms of every query.
     */
    private static List<long[]> readBlooms(ByteSource in, int nBlocks) throws CorruptDataException {
        int n = in.getVarInt(in.remaining());
        if (n != nBlocks) {
            throw new CorruptDataException("bloom section covers " + n + " blocks of " + nBlocks);
        }
        int[] at = new int[n];
        int[] words = new int[n];
        for (int b = 0; b < n; b++) {
            words[b] = in.getVarInt(in.remaining() / 8);
            int probes = in.getByte();
            if (probes != AddressBloom.PROBES || words[b] == 0) {
                throw new CorruptDataException("bloom with " + probes + " probes and " + words[b] + " words");
            }
            at[b] = in.take(words[b] * 8);
        }
        return new StoredBlooms(in.array(), at, words);
    }

    /** Bloom filters left in the footer's bytes, each read when asked for (a new array each time). */
    private static final class StoredBlooms extends java.util.AbstractList<long[]> implements java.util.RandomAccess {
        private final byte[] buf;
        private final int[] at;
        private final int[] words;

        StoredBlooms(byte[] buf, int[] at, int[] words) {
            this.buf = buf;
            this.at = at;
            this.words = words;
        }

        @Override
        public long[] get(int b) {
            long[] w = new long[words[b]];
            ByteSource in = new ByteSource(buf, at[b], w.length * 8);
            try {
                for (int i = 0; i < w.length; i++) {
                    w[i] = in.getLong();
                }
            } catch (CorruptDataException e) {
                throw new IllegalStateException("bounds checked when the footer was read", e);
            }
            return w;
        }

        @Override
        public int size() {
            return at.length;
        }
    }

    private static ByteSource requireV1(ByteSource s, int type, int version) throws CorruptDataException {
        if (version != 1) {
            throw new CorruptDataException("section " + type + " has unsupported version " + version);
        }
        return s;
    }
}
