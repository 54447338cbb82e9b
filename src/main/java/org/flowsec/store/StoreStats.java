package org.flowsec.store;

/**
 * A snapshot of a FlowStore's counters (everything that moves gets a counter).
 *
 * @param recordsAccepted  rows copied in by accept()
 * @param chunksWritten    journal chunks appended
 * @param journalBytes     bytes appended to journals
 * @param segmentsSealed   journals turned into sealed segments (rotation, close, recovery)
 * @param recordsSealed    rows written into sealed segments
 * @param bytesSealed      size of the sealed segments written
 * @param journalsRecovered leftover journals found and sealed by open()
 * @param recordsRecovered rows in them
 * @param tornBytes        bytes of torn journal tails dropped by recovery
 * @param corruptFiles     corrupt journals quarantined by the writer (renamed to *.corrupt)
 * @param segmentsDeleted  segments removed by retention
 * @param bytesDeleted     their size
 * @param errors           I/O failures while appending or sealing
 */
public record StoreStats(long recordsAccepted, long chunksWritten, long journalBytes, long segmentsSealed,
                         long recordsSealed, long bytesSealed, long journalsRecovered, long recordsRecovered,
                         long tornBytes, long corruptFiles, long segmentsDeleted, long bytesDeleted, long errors) {}
