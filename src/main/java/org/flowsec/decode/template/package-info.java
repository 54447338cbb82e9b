/** NetFlow v9 (RFC 3954) and IPFIX (RFC 7011): templates keyed per exporter and domain, compiled into decode plans. */
package org.flowsec.decode.template;
