/** JDK-only building blocks with no domain words: clocks, checksums, durations, byte sizes. */
package org.flowsec.base;
