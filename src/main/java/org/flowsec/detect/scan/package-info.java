/**
 * Scan detection: {@link org.flowsec.detect.scan.ScanDetector} names sources that scan hosts horizontally,
 * vertically or with crafted probes, from probe/reply pairing, the Threshold Random Walk and distinct-count
 * thresholds over bounded primitive state (docs/detectors.md (section scan)).
 */
package org.flowsec.detect.scan;
