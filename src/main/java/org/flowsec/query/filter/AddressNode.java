package org.flowsec.query.filter;

import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Expr.AddrSide;

/**
 * {@code [src|dst] ip|net|ip in [...]}: the address columns read directly; one prefix is a masked
 * compare, lists go through a {@link PrefixSet}.
 */
final class AddressNode extends Node {
    private final int slot;
    /** The second address slot for "either side", or -1. */
    private final int other;
    private final Prefix single;
    private final PrefixSet set;

    AddressNode(Expr.Addr a) {
        AddrSide side = a.side();
        this.slot = side.field().slot();
        this.other = side.other() == null ? -1 : side.other().slot();
        this.single = a.prefixes().size() == 1 ? a.prefixes().get(0) : null;
        this.set = single == null ? new PrefixSet(a.prefixes()) : null;
    }

    private boolean matches(long hi, long lo) {
        return single != null ? single.contains(hi, lo) : set.contains(hi, lo);
    }

    @Override
    public boolean test(FlowBatch b, int row) {
        return matches(b.slot(slot)[row], b.slot(slot + 1)[row])
                || (other >= 0 && matches(b.slot(other)[row], b.slot(other + 1)[row]));
    }

    @Override
    int selectAll(FlowBatch b, int n, int[] out) {
        if (single == null || !single.isHost()) {
            return super.selectAll(b, n, out);
        }
        // one host over every row: the columns read straight, no row list (as refine's host case otherwise)
        long[] hi = b.slot(slot);
        long[] lo = b.slot(slot + 1);
        long h = single.hi();
        long l = single.lo();
        int k = 0;
        if (other < 0) {
            for (int i = 0; i < n; i++) {
                out[k] = i;
                k += (lo[i] == l) & (hi[i] == h) ? 1 : 0;
            }
        } else {
            long[] hi2 = b.slot(other);
            long[] lo2 = b.slot(other + 1);
            for (int i = 0; i < n; i++) {
                out[k] = i;
                k += ((lo[i] == l) & (hi[i] == h)) | ((lo2[i] == l) & (hi2[i] == h)) ? 1 : 0;
            }
        }
        return k;
    }

    @Override
    int refine(FlowBatch b, int[] rows, int n, int[] out) {
        long[] hi = b.slot(slot);
        long[] lo = b.slot(slot + 1);
        long[] hi2 = other >= 0 ? b.slot(other) : null;
        long[] lo2 = other >= 0 ? b.slot(other + 1) : null;
        int k = 0;
        if (single != null && single.isHost()) {
            // the common "all flows of one host" case: two long compares per side, and the row kept by
            // advancing k rather than by a branch (a host in a tenth of the flows would mispredict often)
            long h = single.hi();
            long l = single.lo();
            if (hi2 == null) {
                for (int i = 0; i < n; i++) {
                    int r = rows[i];
                    out[k] = r;
                    k += (lo[r] == l) & (hi[r] == h) ? 1 : 0;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int r = rows[i];
                    out[k] = r;
                    k += ((lo[r] == l) & (hi[r] == h)) | ((lo2[r] == l) & (hi2[r] == h)) ? 1 : 0;
                }
            }
            return k;
        }
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (matches(hi[r], lo[r]) || (hi2 != null && matches(hi2[r], lo2[r]))) {
                out[k++] = r;
            }
        }
        return k;
    }
}
