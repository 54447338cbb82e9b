package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Which format versions a reader accepts: this build writes version 2 and still reads version 1. */
class FileHeaderTest {

    private static byte[] headerWithVersion(int version) {
        ByteSink out = new ByteSink(64);
        new FileHeader(FileHeader.Kind.SEGMENT, 1_790_000_100_000L, 3, 1_790_000_200_000L).write(out);
        byte[] b = out.toByteArray();
        b[FileHeader.OFF_VERSION] = (byte) (version >>> 8);
        b[FileHeader.OFF_VERSION + 1] = (byte) version;
        CRC32C crc = new CRC32C();
        crc.update(b, 0, FileHeader.OFF_CRC);
        int c = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[FileHeader.OFF_CRC + i] = (byte) (c >>> (24 - 8 * i));
        }
        return b;
    }

    @Test
    void aNewHeaderSaysVersionThree() {
        ByteSink out = new ByteSink(64);
        new FileHeader(FileHeader.Kind.JOURNAL, 0, 0, 0).write(out);
        assertThat(((out.array()[FileHeader.OFF_VERSION] & 0xFF) << 8) | (out.array()[FileHeader.OFF_VERSION + 1] & 0xFF))
                .isEqualTo(3);
    }

    @Test
    void versionOneToThreeHeadersAreRead() throws Exception {
        for (int version : new int[] {1, 2, 3}) {
            byte[] b = headerWithVersion(version);
            FileHeader h = FileHeader.read(FileHeader.Kind.SEGMENT, b, b.length);
            assertThat(h.seq()).isEqualTo(3);
            assertThat(h.windowStartMillis()).isEqualTo(1_790_000_100_000L);
        }
    }

    @Test
    void unknownVersionsAreRefused() {
        for (int version : new int[] {0, 4}) {
            byte[] b = headerWithVersion(version);
            assertThatThrownBy(() -> FileHeader.read(FileHeader.Kind.SEGMENT, b, b.length))
                    .isInstanceOf(CorruptDataException.class).hasMessageContaining("version " + version);
        }
    }
}
