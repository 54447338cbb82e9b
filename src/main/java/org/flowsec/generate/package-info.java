/**
 * Generates realistic NetFlow v5, v9 and IPFIX exports and sends them over UDP at a chosen rate, for
 * {@code flowsec generate}, the demo, tests and benchmarks.
 *
 * <p>The parts, in data order: {@link org.flowsec.generate.RealisticFlowModel} fills a FlowBatch with
 * border-router traffic; a {@link org.flowsec.generate.FlowEncoder} ({@code NetflowV5Encoder},
 * {@code NetflowV9Encoder}, {@code IpfixEncoder}) turns rows into byte-exact datagrams;
 * {@link org.flowsec.generate.DatagramRing} holds them pre-encoded; {@link org.flowsec.generate.FlowSender}
 * paces them out with a {@link org.flowsec.generate.Pacer} and reports progress.
 */
package org.flowsec.generate;
