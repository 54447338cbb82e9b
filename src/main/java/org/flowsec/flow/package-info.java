/** The flow record: the field catalog, primitive-column batches, sinks and sources, addresses and protocol names. */
package org.flowsec.flow;
