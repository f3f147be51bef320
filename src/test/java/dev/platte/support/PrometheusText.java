package dev.platte.support;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads one sample out of the Prometheus text format, whatever order its labels come in. */
public final class PrometheusText {

    private PrometheusText() {}

    /** The value of the series {@code name} with exactly {@code labels}, if it is there. */
    public static OptionalDouble value(String body, String name, Map<String, String> labels) {
        for (var line : body.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            var end = line.lastIndexOf('}');
            var present = line.substring(name.length() + 1, end);
            var expected = labels.entrySet().stream().allMatch(e -> present.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (expected && present.split("\",").length == labels.size()) {
                return OptionalDouble.of(Double.parseDouble(line.substring(end + 1).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
