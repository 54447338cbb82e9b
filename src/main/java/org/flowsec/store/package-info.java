/** The flow store: appends batches, seals time-rotated segments, scans them by time, recovers after crashes, enforces retention. */
package org.flowsec.store;
