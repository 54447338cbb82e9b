package org.flowsec.detect.flood;

import org.flowsec.detect.DetectorParams;

/** The {@code flood:} section of the detection config; see docs/detectors.md. */
public final class FloodParams extends DetectorParams {
}
