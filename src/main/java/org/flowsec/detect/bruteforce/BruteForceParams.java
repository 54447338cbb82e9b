package org.flowsec.detect.bruteforce;

import org.flowsec.detect.DetectorParams;

/** The {@code bruteforce:} section of the detection config; see docs/detectors.md. */
public final class BruteForceParams extends DetectorParams {
}
