package dev.platte.rollout.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A weekly window in a time zone: on each of {@code days}, from {@code start} (inclusive) to {@code end}
 * (exclusive), wall-clock time. An end at or before the start runs past midnight into the next day;
 * the day named is the day the window opens.
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    public MaintenanceWindow {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one day");
        }
        if (start == null || end == null || zone == null) {
            throw new IllegalArgumentException("a window needs a start, an end and a time zone");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    public boolean contains(Instant instant) {
        var local = instant.atZone(zone);
        var time = local.toLocalTime();
        var day = local.getDayOfWeek();
        if (start.isBefore(end)) {
            return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
        // Overnight (or a full day when start == end): open from start today, or until end if it opened yesterday.
        return (days.contains(day) && !time.isBefore(start)) || (days.contains(day.minus(1)) && time.isBefore(end));
    }

    /** Whether {@code now} is inside one of {@code windows}; no windows at all means any time. */
    public static boolean allows(List<MaintenanceWindow> windows, Instant now) {
        return windows.isEmpty() || windows.stream().anyMatch(window -> window.contains(now));
    }
}
