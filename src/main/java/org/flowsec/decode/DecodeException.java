package org.flowsec.decode;

/** A datagram that cannot be decoded, with a typed reason for the per-exporter error counters. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final DecodeError error;

    public DecodeException(DecodeError error, String message) {
        super(message, null, false, false); // no stack trace: these are counted, not debugged
        this.error = error;
    }

    public DecodeError error() { return error; }
}
