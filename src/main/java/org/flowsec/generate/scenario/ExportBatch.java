package org.flowsec.generate.scenario;

import java.util.Arrays;
import org.flowsec.flow.FlowBatch;

/**
 * Flows in the order a router exports them, each with its export time and its ground truth: the index
 * of the {@link Label} whose attack it belongs to, or {@link #BACKGROUND}.
 */
public final class ExportBatch {
    public static final int BACKGROUND = FlowTable.BACKGROUND;

    private final FlowBatch flows;
    private long[] exportMillis;
    private int[] labels;

    public ExportBatch(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        flows = new FlowBatch(c);
        exportMillis = new long[c];
        labels = new int[c];
    }

    public FlowBatch flows() { return flows; }

    public int size() { return flows.size(); }

    /** When the router exported row {@code row}, UTC ms; never before the row's last packet. */
    public long exportMillis(int row) { return exportMillis[row]; }

    /** The index into {@link ScenarioRun#labels()} of the attack row {@code row} belongs to, or {@link #BACKGROUND}. */
    public int label(int row) { return labels[row]; }

    public boolean isAttack(int row) { return labels[row] != BACKGROUND; }

    public void clear() { flows.clear(); }

    void append(FlowBatch from, int row, long export, int label) {
        int r = flows.size();
        if (r >= exportMillis.length) {
            exportMillis = Arrays.copyOf(exportMillis, exportMillis.length * 2);
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        flows.appendRow(from, row);
        exportMillis[r] = export;
        labels[r] = label;
    }
}
