package dev.platte.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages write times and durations: UTC, to the minute, the same for every viewer. */
final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {}

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    static String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        if (duration.toDays() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0) {
            return duration.toDays() + " d";
        }
        if (duration.toHours() > 0 && duration.toMinutesPart() == 0) {
            return duration.toHours() + " h";
        }
        return duration.toMinutes() + " min";
    }

    static String number(long value) {
        return String.format("%,d", value);
    }
}
