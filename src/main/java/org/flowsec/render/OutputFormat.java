package org.flowsec.render;

/** How commands print their results: {@code table} for people, {@code csv} and {@code json} for programs. */
public enum OutputFormat { TABLE, CSV, JSON }
