package org.flowsec.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * What every detector's config section has. Config classes are plain data bound from YAML (snake_case keys,
 * unknown keys rejected); a field's initial value is its default, so an empty section means "defaults".
 */
public abstract class DetectorParams {
    /** {@code enabled: false} turns the detector off. */
    public boolean enabled = true;
    /**
     * Addresses or prefixes this detector never alerts on as the acting host (the scanner, the talker, the
     * brute-forcer; for floods, the victim): vulnerability scanners, DNS and NTP servers, CDN and game servers.
     */
    public List<String> allow = new ArrayList<>();
}
