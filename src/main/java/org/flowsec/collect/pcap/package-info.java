/**
 * Reads capture files (classic pcap and pcapng) and yields the UDP datagrams in them, so that recorded
 * exports replay through the same decoders as live ones. Imports only flow, base and the JDK.
 */
package org.flowsec.collect.pcap;
