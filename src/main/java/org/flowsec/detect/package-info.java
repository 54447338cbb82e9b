/**
 * Detection: detectors behind one interface ({@link org.flowsec.detect.Detector}) read flows on event time
 * and raise {@link org.flowsec.detect.Alert}s through an {@link org.flowsec.detect.AlertEmitter}; the alert
 * pipeline numbers, de-duplicates and suppresses them and hands them to sinks. The same detectors run live
 * (a {@link org.flowsec.flow.FlowSink} beside the store) and over archived flows.
 *
 * <p>Sub-packages hold one detector each: {@code scan}, {@code flood}, {@code signature}, {@code p2p},
 * {@code bruteforce}, {@code bigtalker}, {@code newservice}. Configuration is plain data
 * ({@link org.flowsec.detect.DetectConfig}, bound from YAML by the application); defaults are the field
 * initialisers, so a config that only sets {@code home} works.
 */
package org.flowsec.detect;
