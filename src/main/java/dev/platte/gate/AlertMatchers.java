package dev.platte.gate;

import java.util.Map;

/** A group's label matchers: an alert matches when it has every label with the value named (all must match). */
public record AlertMatchers(Map<String, String> labels) {

    public static final String DEFAULT_LABEL = "platte_group";

    public AlertMatchers {
        labels = Map.copyOf(labels);
    }

    /** The matcher a group has unless configured otherwise: {@code platte_group=<group name>}. */
    public static AlertMatchers defaultFor(String groupName) {
        return new AlertMatchers(Map.of(DEFAULT_LABEL, groupName));
    }

    public boolean matches(Map<String, String> alertLabels) {
        return !labels.isEmpty() && labels.entrySet().stream()
                .allMatch(matcher -> matcher.getValue().equals(alertLabels.get(matcher.getKey())));
    }
}
