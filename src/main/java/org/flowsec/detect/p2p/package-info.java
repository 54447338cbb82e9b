/**
 * Peer-to-peer use: rendezvous contact, peer ports and high-port meshes mark local hosts as P2P users for a
 * retirement time, and their traffic is counted per host and profile (docs/detectors.md (section p2p)).
 */
package org.flowsec.detect.p2p;
