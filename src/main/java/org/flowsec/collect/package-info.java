/**
 * Receives export datagrams over UDP from many exporters, accounts for them per exporter and hands them to decoding and the sinks.
 *
 * <pre>
 * UdpListener (one thread per socket) ─DatagramBatch─► decode thread: DatagramProcessor ─FlowBatch─► SinkPipeline ─► FlowSink
 *   └ Repeater (--forward)                               ├ Allowlist, RejectedSources
 *                                                       └ ExporterRegistry → ExporterCounters → SequenceTracker
 * UdpCollector wires them (CollectorConfig), CollectorStats is the snapshot, ExporterStatsFile keeps it on disk,
 * KernelUdpDrops reads the kernel's per-socket drop counters.
 * </pre>
 * pcap ingest uses {@link org.flowsec.collect.DatagramProcessor} directly with {@link org.flowsec.collect.BatchHandOff#direct}.
 */
package org.flowsec.collect;
