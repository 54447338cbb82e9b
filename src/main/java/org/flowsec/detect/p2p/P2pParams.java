package org.flowsec.detect.p2p;

import org.flowsec.detect.DetectorParams;

/** The {@code p2p:} section of the detection config; see docs/detectors.md. */
public final class P2pParams extends DetectorParams {
}
