/**
 * Attack scenarios with ground truth, mixed into the background model's traffic and exported as a router
 * would (in end-of-flow order, long flows cut by the active timeout), so detectors can be measured for
 * precision, recall and time to alert (docs/scenarios.md).
 *
 * <p>The parts, in data order: a {@link org.flowsec.generate.scenario.ScenarioSpec} names the scenarios;
 * {@link org.flowsec.generate.scenario.ScenarioRun} has each scenario generator ({@code ScanScenarios},
 * {@code FloodScenarios}, {@code SignatureScenarios}, {@code HostScenarios}) write its flows into a
 * {@code FlowTable}, which cuts them with the {@link org.flowsec.generate.scenario.ActiveTimeoutSplitter}
 * and stamps their export times, then merges them with the {@code BackgroundStream} into
 * {@link org.flowsec.generate.scenario.ExportBatch}es; one {@link org.flowsec.generate.scenario.Label} per
 * scenario instance is the ground truth; {@link org.flowsec.generate.scenario.ScenarioSender} sends a run
 * over UDP for {@code flowsec generate --scenario}.
 */
package org.flowsec.generate.scenario;
