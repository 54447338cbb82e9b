/** Receives export datagrams over UDP from many exporters, accounts for them per exporter and hands them to decoding and the sinks. */
package org.flowsec.collect;
