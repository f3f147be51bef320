package dev.platte.admin.web;

import dev.platte.rollout.GroupRules;
import dev.platte.rollout.GroupRules.Percent;
import dev.platte.rollout.GroupRules.PollInterval;
import dev.platte.rollout.GroupRules.PositiveDuration;
import dev.platte.rollout.GroupSpec;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.policy.AutoHalt;
import dev.platte.rollout.policy.MaintenanceWindow;
import dev.platte.rollout.policy.Ramp;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.BindingResult;

/**
 * A group and its whole policy as the form sends it, typed, with the rules the API requests carry too.
 * Unchecked boxes arrive as absent, so the booleans start false here; {@link #blank()} gives a new group's defaults.
 */
class GroupForm {

    /** Maintenance-window rows the form offers; rows left blank are no window. */
    static final int WINDOW_ROWS = 3;

    @NotBlank @Size(max = 100) public String name;
    @Size(max = 10_000) public String description;
    @NotBlank @Size(max = 256) public String track;
    public UUID channelId;
    public boolean updatesEnabled;
    public boolean safeMode;
    public boolean holdMissingExtension;
    @Positive public Integer maxUpdatesPerPeriod;
    @NotNull @PositiveDuration public Duration updatePeriod = Duration.ofHours(1);
    @Positive public Integer maxConcurrentUpdates;
    @NotNull @PositiveDuration public Duration updateTimeout = Duration.ofHours(1);
    @PollInterval public Integer pollIntervalSeconds;
    @Percent(min = Ramp.MIN_START_PERCENT) public Integer rampStartPercent;
    @PositiveDuration public Duration rampDuration;
    @Positive public Integer haltFailureCount;
    @Percent(min = AutoHalt.MIN_FAILURE_PERCENT) public Integer haltFailurePercent;
    @Positive public Integer haltMinAttempts;
    @Size(max = 100) public String follows;
    @Percent(min = GroupRules.MIN_WAVE_COMPLETION_PERCENT) public Integer waveCompletionPercent;
    public Duration waveSoak;
    public List<Window> windows = new ArrayList<>();
    /** The row version the edit started from; absent for a new group. */
    public Long version;

    GroupForm() {
        padRows();
    }

    static GroupForm blank() {
        var form = new GroupForm();
        form.updatesEnabled = true;
        form.holdMissingExtension = true;
        return form;
    }

    static GroupForm of(UpdateGroup group) {
        var form = new GroupForm();
        var policy = group.policySettings();
        form.name = group.name();
        form.description = group.description();
        form.track = group.track();
        form.channelId = group.channelId();
        form.updatesEnabled = policy.updatesEnabled();
        form.safeMode = policy.safeMode();
        form.holdMissingExtension = policy.holdMissingExtension();
        form.maxUpdatesPerPeriod = policy.maxUpdatesPerPeriod();
        form.updatePeriod = policy.updatePeriod();
        form.maxConcurrentUpdates = policy.maxConcurrentUpdates();
        form.updateTimeout = policy.updateTimeout();
        form.pollIntervalSeconds = policy.pollIntervalSeconds();
        if (policy.ramp() != null) {
            form.rampStartPercent = policy.ramp().startPercent();
            form.rampDuration = policy.ramp().duration();
        }
        if (policy.autoHalt() != null) {
            form.haltFailureCount = policy.autoHalt().failureCount();
            form.haltFailurePercent = policy.autoHalt().failurePercent();
            form.haltMinAttempts = policy.autoHalt().minAttempts();
        }
        if (policy.wave() != null) {
            form.follows = policy.wave().follows();
            form.waveCompletionPercent = policy.wave().completionPercent();
            form.waveSoak = policy.wave().soak();
        }
        form.windows = new ArrayList<>(policy.windows().stream().map(Window::of).toList());
        form.padRows();
        form.version = group.rowVersion();
        return form;
    }

    /** Enough blank window rows to add one, after those already set. */
    void padRows() {
        while (windows.size() < WINDOW_ROWS) {
            windows.add(new Window());
        }
    }

    /** The group as the service takes it; what only makes sense together (a ramp, a window row) is checked here. */
    GroupSpec toSpec(BindingResult errors) {
        var policy = new UpdateGroup.PolicySettings(updatesEnabled, safeMode, maxUpdatesPerPeriod, updatePeriod,
                maxConcurrentUpdates, updateTimeout, pollIntervalSeconds, ramp(errors), autoHalt(errors),
                windows(errors), holdMissingExtension, wave());
        return new GroupSpec(name, description, track, channelId, policy);
    }

    private Ramp ramp(BindingResult errors) {
        if (rampStartPercent == null && rampDuration == null) {
            return null;
        }
        if (rampStartPercent == null) {
            FormErrors.reject(errors, "rampStartPercent", "set the share to start with (0 to 100), or clear the ramp duration");
        }
        if (rampDuration == null) {
            FormErrors.reject(errors, "rampDuration", "must not be blank: " + PageBinding.DURATION_HINT);
        }
        return errors.hasErrors() ? null : new Ramp(rampStartPercent, rampDuration);
    }

    private AutoHalt autoHalt(BindingResult errors) {
        if (haltFailureCount == null && haltFailurePercent == null) {
            if (haltMinAttempts != null) {
                FormErrors.reject(errors, "haltFailurePercent", "set a failure percentage for the minimum attempts to apply to");
            }
            return null;
        }
        return errors.hasErrors() ? null
                : AutoHalt.of(haltFailureCount, haltFailurePercent, haltMinAttempts);
    }

    private UpdateGroup.Wave wave() {
        return follows == null ? null : UpdateGroup.Wave.of(follows, waveCompletionPercent, waveSoak);
    }

    private List<MaintenanceWindow> windows(BindingResult errors) {
        var result = new ArrayList<MaintenanceWindow>();
        for (int row = 0; row < windows.size(); row++) {
            var window = windows.get(row);
            if (window == null || window.isBlank()) {
                continue;
            }
            var prefix = "windows[" + row + "].";
            if (window.days == null || window.days.isEmpty()) {
                FormErrors.reject(errors, prefix + "days", "tick at least one day");
            }
            if (window.start == null) {
                FormErrors.reject(errors, prefix + "start", "must be a time such as 02:00");
            }
            if (window.end == null) {
                FormErrors.reject(errors, prefix + "end", "must be a time such as 02:00");
            }
            if (window.timeZone == null) {
                FormErrors.reject(errors, prefix + "timeZone", "must be an IANA time zone such as Europe/Berlin or UTC");
            }
            if (!errors.hasErrors()) {
                result.add(new MaintenanceWindow(EnumSet.copyOf(window.days), window.start, window.end, window.timeZone));
            }
        }
        return result;
    }

    /** One weekly maintenance window: days it opens, from and to (wall clock), and the zone of that clock. */
    static class Window {

        public List<DayOfWeek> days = new ArrayList<>();
        public LocalTime start;
        public LocalTime end;
        public ZoneId timeZone = ZoneId.of("UTC");

        static Window of(MaintenanceWindow window) {
            var form = new Window();
            form.days = new ArrayList<>(window.days().stream().sorted().toList());
            form.start = window.start();
            form.end = window.end();
            form.timeZone = window.zone();
            return form;
        }

        /** No day ticked and no time given: the row is unused (its zone alone means nothing). */
        boolean isBlank() {
            return (days == null || days.isEmpty()) && start == null && end == null;
        }
    }
}
