package dev.platte.rollout;

import dev.platte.rollout.policy.MaintenanceWindow;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Collectors;

/** A maintenance window as stored: days as "MON,TUE", times and an IANA zone id. */
@Embeddable
record WindowRow(
        String days,
        @Column(name = "start_time") LocalTime startTime,
        @Column(name = "end_time") LocalTime endTime,
        @Column(name = "time_zone") String timeZone) {

    static WindowRow of(MaintenanceWindow window) {
        var days = window.days().stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
        return new WindowRow(days, window.start(), window.end(), window.zone().getId());
    }

    MaintenanceWindow toWindow() {
        var parsed = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(days.split(",")).map(WindowRow::day).forEach(parsed::add);
        return new MaintenanceWindow(parsed, startTime, endTime, ZoneId.of(timeZone));
    }

    private static DayOfWeek day(String abbreviation) {
        for (var day : DayOfWeek.values()) {
            if (day.name().startsWith(abbreviation)) {
                return day;
            }
        }
        throw new IllegalStateException("unknown day " + abbreviation);
    }
}
