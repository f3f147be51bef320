package dev.platte.fleet;

import java.time.Duration;

/** The spans the dashboard charts, each cut into buckets of a fixed width. */
public enum TimelineRange {
    HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(5)),
    DAY("1d", Duration.ofDays(1), Duration.ofHours(1)),
    WEEK("7d", Duration.ofDays(7), Duration.ofHours(6)),
    MONTH("30d", Duration.ofDays(30), Duration.ofDays(1));

    private final String label;
    private final Duration span;
    private final Duration bucket;

    TimelineRange(String label, Duration span, Duration bucket) {
        this.label = label;
        this.span = span;
        this.bucket = bucket;
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }

    public Duration bucket() {
        return bucket;
    }

    public static TimelineRange fromLabel(String label) {
        for (var range : values()) {
            if (range.label.equals(label)) {
                return range;
            }
        }
        throw new IllegalArgumentException("unknown range " + label);
    }
}
