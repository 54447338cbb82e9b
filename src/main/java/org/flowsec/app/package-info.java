/** Composition root: configuration records, building components in order, start, stop and shutdown. */
package org.flowsec.app;
