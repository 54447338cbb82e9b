package org.flowsec.detect.bigtalker;

/** Receives each network's top-talkers table when its interval is finalised (on the detector's thread). */
@FunctionalInterface
public interface TopTalkersListener {
    void report(TopTalkersReport report);
}
