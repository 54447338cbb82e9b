package org.flowsec.render;

import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowMetric;

/** One printed column of flows: a catalog field, or a value derived from fields ({@link FlowMetric}). */
public record Column(Field field, FlowMetric metric) {
    public Column {
        if ((field == null) == (metric == null)) {
            throw new IllegalArgumentException("a column is a field or a metric");
        }
    }

    public static Column of(Field f) {
        return new Column(f, null);
    }

    public static Column of(FlowMetric m) {
        return new Column(null, m);
    }

    /** Every catalog field, in catalog order: what CSV and JSON print by default. */
    public static List<Column> allFields() {
        return Field.all().stream().map(Column::of).toList();
    }

    /** The column called {@code name} (a catalog name, or duration, pps, bps, bpp), or null. */
    public static Column byName(String name) {
        Field f = Field.byName(name);
        if (f != null) {
            return of(f);
        }
        FlowMetric m = FlowMetric.byName(name);
        return m == null ? null : of(m);
    }

    /** The header and JSON key. */
    public String name() {
        return field != null ? field.catalogName() : metric.metricName();
    }

    /** The fields its values are read from. */
    public List<Field> reads() {
        return field != null ? List.of(field) : metric.reads();
    }
}
