package org.flowsec.generate.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a scenario generator writes into: the flow table, its own random stream, when it starts, which
 * repetition of its kind it is (so repeated scenarios use other hosts), and the labels it declares.
 * A label's times and flow count are taken from the records tagged with it once all are generated.
 */
final class ScenarioContext {
    /** What a generator knows about its ground truth before the records are counted. */
    record Draft(ScenarioKind kind, String description, List<String> attackers, int attackerCount, String victim,
                 String evidence) {}

    final FlowTable out;
    final SplittableRandom random;
    final long start;
    final int ordinal;
    private final List<Draft> drafts;

    ScenarioContext(FlowTable out, SplittableRandom random, long start, int ordinal, List<Draft> drafts) {
        this.out = out;
        this.random = random;
        this.start = start;
        this.ordinal = ordinal;
        this.drafts = drafts;
    }

    /** Declares a label; records added with the returned tag are its attack flows. */
    int label(ScenarioKind kind, String description, List<Integer> attackers, String victim, String evidence) {
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < attackers.size() && i < Label.MAX_LISTED; i++) {
            listed.add(Net.text(attackers.get(i)));
        }
        drafts.add(new Draft(kind, description, listed, new HashSet<>(attackers).size(), victim, evidence));
        return drafts.size() - 1;
    }

    /** An exponential gap with the given mean, in ms, at least 1: how independent events space out. */
    long expGap(double meanMillis) {
        return 1 + (long) (-meanMillis * Math.log(1 - random.nextDouble()));
    }

    long between(long min, long max) {
        return min + random.nextLong(max - min + 1);
    }

    /** Round trip time of a home host seen from the Internet, 20..80 ms. */
    long rtt() {
        return 20 + random.nextInt(61);
    }
}
