package org.flowsec.detect;

import org.flowsec.base.Clock;
import org.slf4j.Logger;

/** Logs an error at most once per interval (wall clock), so a failure on every flow cannot flood the log. */
final class RateLimitedLog {
    static final long INTERVAL_MILLIS = 60_000;

    private final Logger log;
    private final Clock clock;
    private long lastLogged = Long.MIN_VALUE / 2;

    RateLimitedLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Logs {@code message} (slf4j pattern) unless something was logged less than a minute ago. */
    synchronized void error(String message, Object... args) {
        long now = clock.millis();
        if (now - lastLogged >= INTERVAL_MILLIS) {
            lastLogged = now;
            log.error(message, args);
        }
    }
}
