package org.flowsec.decode;

/** Why a datagram, or part of one, could not be decoded. Each reason is counted per exporter. */
public enum DecodeError {
    /** The datagram ends before a header, set or record that it announces. */
    TRUNCATED,
    /** The version field is not 1, 5, 7, 9 or 10. */
    UNKNOWN_VERSION,
    /** A header field is impossible (record count beyond the datagram, length shorter than the header...). */
    BAD_HEADER,
    /** A set or flowset header has an impossible id or length. */
    BAD_SET,
    /** A template or options template is malformed (zero fields, bad lengths, absurd counts). */
    BAD_TEMPLATE,
    /** A data record could not be read with its template (e.g. a variable-length field overruns). */
    BAD_RECORD,
    /** Data sets whose template never arrived before the pending buffer let them go. */
    TEMPLATE_MISSING
}
