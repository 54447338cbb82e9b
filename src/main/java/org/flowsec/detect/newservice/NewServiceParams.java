package org.flowsec.detect.newservice;

import org.flowsec.detect.DetectorParams;

/** The {@code newservice:} section of the detection config; see docs/detectors.md. */
public final class NewServiceParams extends DetectorParams {
}
