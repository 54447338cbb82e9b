package org.flowsec.decode;

/**
 * What a decoder learned from one datagram's header, for the collector's per-exporter accounting.
 * One instance is reused per worker; {@link #reset()} before each datagram.
 */
public final class DatagramInfo {
    /** 1, 5, 7, 9 or 10 (IPFIX). */
    public int version;
    /** v9 source id, IPFIX observation domain, v5/v7 engine type&lt;&lt;8|engine id; 0 for v1. */
    public long domain;
    /** The header's sequence number: v5/v7 flows, v9 datagrams, IPFIX data records sent before this one. */
    public long sequence;
    /** Whether the version carries a sequence number at all (v1 does not). */
    public boolean hasSequence;
    /**
     * How far this datagram advances the sequence: v5/v7 its flow count, v9 one datagram, IPFIX its
     * data records (flow and options records decoded from its own sets; records of a set held back for a
     * missing template cannot be counted, so such a message advances less than its exporter counted).
     */
    public long sequenceAdvance;
    /** Flow records written to the batch from this datagram. */
    public int flows;
    /** Template and options-template records seen in this datagram. */
    public int templates;
    /** Export time in the header, UTC milliseconds. */
    public long exportMillis;

    public void reset() {
        version = 0;
        domain = 0;
        sequence = 0;
        hasSequence = false;
        sequenceAdvance = 0;
        flows = 0;
        templates = 0;
        exportMillis = 0;
    }
}
