package org.flowsec.detect;

/** How urgently a person should look at an alert; the JSON form is the lower-case name. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String text() { return name().toLowerCase(java.util.Locale.ROOT); }
}
