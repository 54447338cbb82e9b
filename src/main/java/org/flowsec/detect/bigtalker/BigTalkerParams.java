package org.flowsec.detect.bigtalker;

import org.flowsec.detect.DetectorParams;

/** The {@code bigtalker:} section of the detection config; see docs/detectors.md. */
public final class BigTalkerParams extends DetectorParams {
}
