package org.flowsec.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A small aligned table for summaries (exporters, listeners): numbers right-aligned, text left. */
public final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = header;
    }

    public TextTable row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    public void print(PrintWriter out) {
        int[] w = new int[header.length];
        boolean[] numeric = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            numeric[i] = !rows.isEmpty();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
                numeric[i] &= r[i].matches("-?[0-9][0-9.]*( [kMGTPE])?");
            }
        }
        line(out, header, w, numeric);
        for (String[] r : rows) {
            line(out, r, w, numeric);
        }
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] w, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(w[i] - cells[i].length());
            if (numeric[i]) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]);
                if (i < cells.length - 1) {
                    sb.append(pad);
                }
            }
        }
        out.println(sb);
    }
}
