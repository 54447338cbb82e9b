package org.flowsec.base;

/** Time as an argument (STYLE habit 7): production code asks a Clock, tests pass a fixed one. */
public interface Clock {
    Clock SYSTEM = System::currentTimeMillis;

    long millis();
}
