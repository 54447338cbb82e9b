/** On-disk encodings only: segment header and footer, checksums, column codecs, block index. */
package org.flowsec.store.format;
