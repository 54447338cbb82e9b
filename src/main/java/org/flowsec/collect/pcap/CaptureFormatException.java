package org.flowsec.collect.pcap;

import java.io.IOException;
import java.nio.file.Path;

/** A capture file that is not pcap/pcapng or is corrupt beyond resynchronisation, with where it went wrong. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final long offset;

    public CaptureFormatException(Path path, long offset, String message) {
        super(path + " at byte " + offset + ": " + message);
        this.path = path;
        this.offset = offset;
    }

    public Path path() { return path; }

    /** Byte offset in the file of the header or block that could not be read. */
    public long offset() { return offset; }
}
