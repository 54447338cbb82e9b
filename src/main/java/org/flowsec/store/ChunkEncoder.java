package org.flowsec.store;

import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.AddressBloom;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.JournalChunk;

/**
 * Turns rows into the bytes of one journal chunk (header, statistics, Bloom filter, block). One per encoder
 * thread ({@link ChunkEncoders}), kept for the store's whole life: its scratch is sized for full chunks when it
 * is made, so neither the first full chunks nor a new journal at each rotation make the collector grow large
 * arrays under load. Not thread-safe.
 */
final class ChunkEncoder implements AutoCloseable {
    private final BlockEncoder encoder;
    private final AddressBloom bloom;
    private final ByteSink block = new ByteSink(1 << 16);
    private final ByteSink meta = new ByteSink(1 << 12);

    ChunkEncoder(StoreConfig config) {
        int rows = config.chunkRecords();
        this.encoder = new BlockEncoder(config.zstdLevel(), rows);
        this.bloom = config.addressBloom() ? new AddressBloom() : null;
        if (bloom != null) {
            bloom.reserve(rows);
        }
        block.reserve(expectedBytes(config)); // unusual chunks may still grow it once
    }

    /** Bytes a chunk buffer should have room for from the start: realistic chunks take 13-16 bytes a row. */
    static int expectedBytes(StoreConfig config) {
        return config.chunkRecords() * 16;
    }

    /** Appends the chunk holding {@code rows} (not empty) to {@code buf}. */
    void encode(FlowBatch rows, ByteSink buf) {
        block.reset();
        BlockMeta stats = encoder.encode(rows, true, block);
        long[] words = bloom == null ? null : bloom(rows);
        int at = buf.reserve(JournalChunk.HEADER);
        buf.skip(JournalChunk.HEADER);
        ByteSink m = meta;
        m.reset();
        stats.writeStats(m);
        m.putVarLong(words == null ? 0 : words.length);
        if (words != null) {
            for (long w : words) {
                m.putLong(w);
            }
        }
        buf.putVarLong(m.size());
        buf.putSink(m);
        buf.putSink(block);
        JournalChunk.writeHeader(buf, at, rows.size());
    }

    /** The block's address filter, from the addresses the encoder has just numbered when it numbered both sides. */
    private long[] bloom(FlowBatch rows) {
        int sources = encoder.distinctAddresses(0);
        int destinations = encoder.distinctAddresses(1);
        if (sources < 0 || destinations < 0) {
            return bloom.build(rows, rows.size());
        }
        return bloom.build(encoder.addressHi(0), encoder.addressLo(0), sources,
                encoder.addressHi(1), encoder.addressLo(1), destinations);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
