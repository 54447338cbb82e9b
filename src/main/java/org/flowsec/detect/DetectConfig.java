package org.flowsec.detect;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.bigtalker.BigTalkerParams;
import org.flowsec.detect.bruteforce.BruteForceParams;
import org.flowsec.detect.flood.FloodParams;
import org.flowsec.detect.newservice.NewServiceParams;
import org.flowsec.detect.p2p.P2pParams;
import org.flowsec.detect.scan.ScanParams;
import org.flowsec.detect.signature.SignatureParams;

/**
 * The whole detection config ({@code flowsec.yaml}), bound from YAML with snake_case keys. Every field has a
 * working default; only {@code home} is worth setting on day one.
 */
public final class DetectConfig {
    /** Local networks; empty means the private ranges ({@link HomeNetworks#PRIVATE_RANGES}). */
    public List<String> home = new ArrayList<>();

    public ScanParams scan = new ScanParams();
    public FloodParams flood = new FloodParams();
    public SignatureParams signature = new SignatureParams();
    public P2pParams p2p = new P2pParams();
    public BruteForceParams bruteforce = new BruteForceParams();
    public BigTalkerParams bigtalker = new BigTalkerParams();
    public NewServiceParams newservice = new NewServiceParams();
}
