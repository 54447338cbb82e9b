package org.flowsec.decode.template;

import java.nio.ByteBuffer;

/** Builds v9 and IPFIX messages byte by byte for crafted tests. */
final class Messages {
    private final ByteBuffer b = ByteBuffer.allocate(70_000);
    private final int version;
    private int setStart = -1;

    private Messages(int version) {
        this.version = version;
    }

    /** IPFIX header: version 10, length patched in {@link #build()}. */
    static Messages ipfix(long exportSeconds, long sequence, long domain) {
        Messages m = new Messages(10);
        m.b.putShort((short) 10).putShort((short) 0).putInt((int) exportSeconds).putInt((int) sequence).putInt((int) domain);
        return m;
    }

    static Messages v9(long uptimeMillis, long exportSeconds, long sequence, long sourceId) {
        Messages m = new Messages(9);
        m.b.putShort((short) 9).putShort((short) 0).putInt((int) uptimeMillis).putInt((int) exportSeconds)
                .putInt((int) sequence).putInt((int) sourceId);
        return m;
    }

    Messages set(int id) {
        endSet();
        setStart = b.position();
        b.putShort((short) id).putShort((short) 0);
        return this;
    }

    /** A set header with a given (possibly bogus) length, not patched later. */
    Messages rawSet(int id, int length) {
        endSet();
        b.putShort((short) id).putShort((short) length);
        return this;
    }

    Messages u16(int v) {
        b.putShort((short) v);
        return this;
    }

    Messages u32(long v) {
        b.putInt((int) v);
        return this;
    }

    Messages u8(int v) {
        b.put((byte) v);
        return this;
    }

    Messages u64(long v) {
        b.putLong(v);
        return this;
    }

    Messages bytes(byte[] v) {
        b.put(v);
        return this;
    }

    /** A template record: id, then (ie, length) pairs. */
    Messages template(int id, int... ieLength) {
        u16(id).u16(ieLength.length / 2);
        for (int v : ieLength) {
            u16(v);
        }
        return this;
    }

    private void endSet() {
        if (setStart >= 0) {
            b.putShort(setStart + 2, (short) (b.position() - setStart));
            setStart = -1;
        }
    }

    ByteBuffer build() {
        endSet();
        if (version == 10) {
            b.putShort(2, (short) b.position());
        }
        ByteBuffer out = ByteBuffer.allocate(b.position());
        out.put(b.array(), 0, b.position()).flip();
        return out;
    }
}
