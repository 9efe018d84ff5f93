package dev.sojourn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand: never sleep, advance it. Thread-safe. */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    public TestClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    private TestClock(AtomicLong shared) {
        this.millis = shared;
    }

    /** A clock at the given ISO-8601 instant, e.g. {@code 2026-11-24T17:00:00Z}. */
    public static TestClock at(String isoInstant) {
        return new TestClock(Instant.parse(isoInstant).toEpochMilli());
    }

    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    public void setMillis(long newMillis) {
        millis.set(newMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(millis);
    }

    @Override
    public String toString() {
        return "TestClock[" + instant() + "]";
    }
}
