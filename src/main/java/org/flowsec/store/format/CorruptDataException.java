package org.flowsec.store.format;

import java.io.IOException;

/** Bytes that do not follow the format: bad magic, checksum mismatch, a length past the end, an unknown encoding. */
public final class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptDataException(String reason) {
        super(reason);
    }
}
