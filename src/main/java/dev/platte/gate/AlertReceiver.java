package dev.platte.gate;

import dev.platte.catalog.Application;
import dev.platte.audit.AuditTrail;
import dev.platte.common.InvalidInputException;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.PauseCause;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Alertmanager notifications into pauses: a firing alert pauses every group whose matchers it matches
 * (once: a group already paused records nothing again); a resolved alert resumes a group only if that alert
 * paused it and the group is set to resume on resolve.
 */
@Service
@Transactional
public class AlertReceiver {

    /** At most this many matchers per group, each label and value at most 128 characters. */
    static final int MAX_MATCHERS = 16;

    private final GroupService groups;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher publisher;

    AlertReceiver(GroupService groups, JdbcTemplate jdbc, JsonMapper json, ApplicationEventPublisher publisher) {
        this.groups = groups;
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
    }

    /** What a notification did. */
    public record Outcome(int paused, int resumed) {}

    public Outcome receive(AlertNotification notification) {
        if (!"4".equals(notification.version())) {
            throw new InvalidInputException("version", "must be \"4\" (Alertmanager's webhook payload version)");
        }
        int paused = 0;
        int resumed = 0;
        var all = groups.allGroups();
        for (var alert : notification.alerts()) {
            for (var group : all) {
                var settings = settings(group.id(), group.name());
                if (!settings.matchers().matches(alert.labels())) {
                    continue;
                }
                var actor = "alert:" + shorten(alert.name(), 80);
                if (alert.firing()) {
                    var reason = "Alert %s: %s".formatted(shorten(alert.name(), 200), shorten(alert.summary(), 1000));
                    if (groups.pauseAutomatically(group.id(), PauseCause.ALERT, reason, actor)) {
                        rememberPause(group.id(), settings, alert.identity());
                        paused++;
                    }
                } else if (settings.resumeOnResolve() && alert.identity().equals(settings.pausedByAlert())
                        && groups.resumeAutomatically(group.id(), actor, "alert %s resolved".formatted(alert.name()))) {
                    jdbc.update("UPDATE group_alert_receiver SET paused_by_alert = NULL WHERE group_id = ?", group.id());
                    resumed++;
                }
            }
        }
        return new Outcome(paused, resumed);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A group's settings for the receiver; the defaults when none were saved. */
    public record Settings(AlertMatchers matchers, boolean resumeOnResolve, String pausedByAlert) {}

    @Transactional(readOnly = true)
    public Settings settings(Application application, UUID groupId) {
        var group = groups.group(application, groupId);
        return settings(group.id(), group.name());
    }

    private Settings settings(UUID groupId, String groupName) {
        return jdbc.query("SELECT matchers::text, resume_on_resolve, paused_by_alert FROM group_alert_receiver WHERE group_id = ?",
                        (rs, n) -> new Settings(new AlertMatchers(parse(rs.getString(1))), rs.getBoolean(2), rs.getString(3)),
                        groupId)
                .stream().findFirst()
                .orElseGet(() -> new Settings(AlertMatchers.defaultFor(groupName), false, null));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> parse(String matchers) {
        return json.readValue(matchers, Map.class);
    }

    /** Replaces a group's matchers (empty: the default {@code platte_group=<name>}) and resume-on-resolve. */
    public Settings configure(Application application, UUID groupId, Map<String, String> matchers,
            boolean resumeOnResolve) {
        var group = groups.group(application, groupId);
        var labels = new LinkedHashMap<String, String>(matchers == null ? Map.of() : matchers);
        if (labels.size() > MAX_MATCHERS) {
            throw new InvalidInputException("matchers", "at most " + MAX_MATCHERS + " matchers");
        }
        for (var entry : labels.entrySet()) {
            if (!entry.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]{0,127}")) {
                throw new InvalidInputException("matchers", "label name " + entry.getKey() + " is not a Prometheus label name");
            }
            if (entry.getValue() == null || entry.getValue().isEmpty() || entry.getValue().length() > 128) {
                throw new InvalidInputException("matchers", "the value of " + entry.getKey() + " must have 1 to 128 characters");
            }
        }
        if (labels.isEmpty()) {
            labels.putAll(AlertMatchers.defaultFor(group.name()).labels());
        }
        var before = settings(group.id(), group.name());
        jdbc.update("""
                INSERT INTO group_alert_receiver (group_id, matchers, resume_on_resolve) VALUES (?, ?::jsonb, ?)
                ON CONFLICT (group_id) DO UPDATE SET matchers = EXCLUDED.matchers, resume_on_resolve = EXCLUDED.resume_on_resolve""",
                group.id(), json.writeValueAsString(labels), resumeOnResolve);
        var after = settings(group.id(), group.name());
        publisher.publishEvent(new AlertsConfigured(group.applicationId(), group.id(), group.name(), before, after,
                AuditTrail.currentActor()));
        return after;
    }

    private void rememberPause(UUID groupId, Settings settings, String alertIdentity) {
        jdbc.update("""
                INSERT INTO group_alert_receiver (group_id, matchers, resume_on_resolve, paused_by_alert)
                VALUES (?, ?::jsonb, ?, ?)
                ON CONFLICT (group_id) DO UPDATE SET paused_by_alert = EXCLUDED.paused_by_alert""",
                groupId, json.writeValueAsString(settings.matchers().labels()), settings.resumeOnResolve(),
                alertIdentity.length() > 128 ? alertIdentity.substring(0, 128) : alertIdentity);
    }
}
