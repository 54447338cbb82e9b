package org.flowsec.detect;

/**
 * Where a detector sends what it finds. Raising the same {@link Alert#key()} again is how a detector
 * reports progress on one finding; the pipeline decides whether sinks see a new alert or an update.
 */
@FunctionalInterface
public interface AlertEmitter {
    void raise(Alert alert);
}
