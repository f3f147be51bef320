package dev.platte.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** Alertmanager's webhook payload, version 4, as far as Platte reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertNotification(String version, String status, String receiver, String groupKey,
        List<Alert> alerts) {

    public AlertNotification {
        alerts = alerts == null ? List.of() : alerts;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations,
            String fingerprint, String startsAt) {

        public Alert {
            labels = labels == null ? Map.of() : labels;
            annotations = annotations == null ? Map.of() : annotations;
        }

        public boolean firing() {
            return "firing".equals(status);
        }

        public String name() {
            return labels.getOrDefault("alertname", "unnamed alert");
        }

        /** Alertmanager's fingerprint identifies the alert across notifications; labels stand in without one. */
        public String identity() {
            return fingerprint != null && !fingerprint.isBlank() ? fingerprint : new java.util.TreeMap<>(labels).toString();
        }

        public String summary() {
            var summary = annotations.getOrDefault("summary", annotations.get("description"));
            return summary == null || summary.isBlank() ? "no summary" : summary;
        }
    }
}
