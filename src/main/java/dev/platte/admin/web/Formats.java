package dev.platte.admin.web;

import dev.platte.common.Count;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

    /** An exact count as a number; an estimate rounded to two digits and said so ("about 1.2 million"). */
    static String count(Count count) {
        if (count.exact()) {
            return number(count.value());
        }
        if (count.value() >= 999_500) {
            return String.format(Locale.ROOT, "about %.1f million", count.value() / 1_000_000.0);
        }
        var magnitude = (long) Math.pow(10, Math.max(0, (int) Math.log10(count.value()) - 1));
        return "about " + number(Math.round((double) count.value() / magnitude) * magnitude);
    }
}
