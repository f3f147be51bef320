package dev.platte.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The server's clock in integration tests: the real time unless a test moves it (and resets it after). */
public final class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant fixed;

    public void set(Instant instant) {
        this.fixed = instant;
    }

    public void advance(Duration duration) {
        if (fixed != null) {
            fixed = fixed.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    public void reset() {
        fixed = null;
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        var pinned = fixed;
        return pinned != null ? pinned : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
