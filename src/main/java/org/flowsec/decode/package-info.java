/**
 * Turns export datagrams into flow records: pure functions of bytes plus template state, no sockets,
 * threads, files or wall clock, so UDP, pcap replay and tests share one code path.
 */
package org.flowsec.decode;
