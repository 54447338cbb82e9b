package org.flowsec.detect.signature;

import org.flowsec.detect.DetectorParams;

/** The {@code signature:} section of the detection config; see docs/detectors.md. */
public final class SignatureParams extends DetectorParams {
}
