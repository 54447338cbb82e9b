package org.flowsec.store;

import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;

/** A clock that tests move by hand. */
final class ManualClock implements Clock {
    private final AtomicLong now;

    ManualClock(long startMillis) {
        now = new AtomicLong(startMillis);
    }

    @Override
    public long millis() { return now.get(); }

    void advance(long millis) { now.addAndGet(millis); }

    void set(long millis) { now.set(millis); }
}
