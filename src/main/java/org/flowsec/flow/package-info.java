/** The flow record: the field catalog, primitive-column batches, sinks and sources, addresses and protocol names, and flows summed per address (what the store keeps of each segment for rankings by address). */
package org.flowsec.flow;
