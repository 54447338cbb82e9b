package org.flowsec.detect.scan;

import org.flowsec.detect.DetectorParams;

/** The {@code scan:} section of the detection config; see docs/detectors.md. */
public final class ScanParams extends DetectorParams {
}
