/**
 * Password guessing: many short, similar TCP sessions from one source to one service, counted in event-time
 * windows in flat primitive tables (docs/detectors.md (section bruteforce)).
 */
package org.flowsec.detect.bruteforce;
