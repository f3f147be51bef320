package dev.platte.admin.web;

import dev.platte.rollout.GroupSpec;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.policy.AutoHalt;
import dev.platte.rollout.policy.MaintenanceWindow;
import dev.platte.rollout.policy.Ramp;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A group and its whole policy as the form sends it. Unchecked boxes arrive as absent, so the booleans
 * start false here; {@link #blank()} gives a new group's defaults.
 */
class GroupForm {

    /** Maintenance-window rows the form offers; rows left blank are no window. */
    static final int WINDOW_ROWS = 3;

    private String name = "";
    private String description = "";
    private String track = "";
    private String channelId = "";
    private boolean updatesEnabled;
    private boolean safeMode;
    private boolean holdMissingExtension;
    private String maxUpdatesPerPeriod = "";
    private String updatePeriod = "PT1H";
    private String maxConcurrentUpdates = "";
    private String updateTimeout = "PT1H";
    private String pollIntervalSeconds = "";
    private String rampStartPercent = "";
    private String rampDuration = "";
    private String haltFailureCount = "";
    private String haltFailurePercent = "";
    private String haltMinAttempts = "";
    private String follows = "";
    private String waveCompletionPercent = "";
    private String waveSoak = "";
    private List<WindowForm> windows = new ArrayList<>();
    /** The row version the edit started from; blank for a new group. */
    private String version = "";

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
        form.channelId = group.channelId() == null ? "" : group.channelId().toString();
        form.updatesEnabled = policy.updatesEnabled();
        form.safeMode = policy.safeMode();
        form.holdMissingExtension = policy.holdMissingExtension();
        form.maxUpdatesPerPeriod = text(policy.maxUpdatesPerPeriod());
        form.updatePeriod = policy.updatePeriod().toString();
        form.maxConcurrentUpdates = text(policy.maxConcurrentUpdates());
        form.updateTimeout = policy.updateTimeout().toString();
        form.pollIntervalSeconds = text(policy.pollIntervalSeconds());
        if (policy.ramp() != null) {
            form.rampStartPercent = String.valueOf(policy.ramp().startPercent());
            form.rampDuration = policy.ramp().duration().toString();
        }
        if (policy.autoHalt() != null) {
            form.haltFailureCount = text(policy.autoHalt().failureCount());
            form.haltFailurePercent = text(policy.autoHalt().failurePercent());
            form.haltMinAttempts = String.valueOf(policy.autoHalt().minAttempts());
        }
        if (policy.wave() != null) {
            form.follows = policy.wave().follows();
            form.waveCompletionPercent = String.valueOf(policy.wave().completionPercent());
            form.waveSoak = policy.wave().soak().toString();
        }
        form.windows = new ArrayList<>(policy.windows().stream().map(WindowForm::of).toList());
        form.padRows();
        form.version = String.valueOf(group.rowVersion());
        return form;
    }

    /** Enough blank window rows to add one, after those already set. */
    void padRows() {
        while (windows.size() < WINDOW_ROWS) {
            windows.add(new WindowForm());
        }
    }

    /** The group as the service takes it, or {@code null} when the form could not be read. */
    GroupSpec toSpec(FormInput in) {
        var cleanName = in.text("name", name, 100, true);
        var cleanDescription = in.text("description", description, 10_000, false);
        var cleanTrack = in.text("track", track, 256, true);
        var channel = in.uuid("channelId", channelId);
        var perPeriod = in.integer("maxUpdatesPerPeriod", maxUpdatesPerPeriod, 1, Integer.MAX_VALUE);
        var period = in.duration("updatePeriod", updatePeriod, true);
        var concurrent = in.integer("maxConcurrentUpdates", maxConcurrentUpdates, 1, Integer.MAX_VALUE);
        var timeout = in.duration("updateTimeout", updateTimeout, true);
        var poll = in.integer("pollIntervalSeconds", pollIntervalSeconds, 60, 86_400);
        var policy = new UpdateGroup.PolicySettings(updatesEnabled, safeMode, perPeriod, period, concurrent, timeout,
                poll, ramp(in), autoHalt(in), windows(in), holdMissingExtension, wave(in));
        return in.hasErrors() ? null : new GroupSpec(cleanName, cleanDescription, cleanTrack, channel, policy);
    }

    /** The version the edit started from, so a save over someone else's change is refused. */
    Long expectedVersion(FormInput in) {
        if (FormInput.isBlank(version)) {
            return null;
        }
        try {
            return Long.parseLong(version.strip());
        } catch (NumberFormatException e) {
            in.reject("version", "the form is damaged: reload the page");
            return null;
        }
    }

    private Ramp ramp(FormInput in) {
        if (FormInput.isBlank(rampStartPercent) && FormInput.isBlank(rampDuration)) {
            return null;
        }
        var start = in.integer("rampStartPercent", rampStartPercent, 0, 100);
        if (FormInput.isBlank(rampStartPercent)) {
            in.reject("rampStartPercent", "set the share to start with (0 to 100), or clear the ramp duration");
        }
        var duration = in.duration("rampDuration", rampDuration, true);
        return start == null || duration == null ? null : new Ramp(start, duration);
    }

    private UpdateGroup.Wave wave(FormInput in) {
        if (FormInput.isBlank(follows)) {
            return null;
        }
        var percent = in.integer("waveCompletionPercent", waveCompletionPercent, 1, 100);
        var soak = FormInput.isBlank(waveSoak) ? java.time.Duration.ZERO : in.duration("waveSoak", waveSoak, false);
        return new UpdateGroup.Wave(follows.strip(), percent == null ? 100 : percent,
                soak == null ? java.time.Duration.ZERO : soak);
    }

    public String getFollows() {
        return follows;
    }

    public void setFollows(String follows) {
        this.follows = follows;
    }

    public String getWaveCompletionPercent() {
        return waveCompletionPercent;
    }

    public void setWaveCompletionPercent(String waveCompletionPercent) {
        this.waveCompletionPercent = waveCompletionPercent;
    }

    public String getWaveSoak() {
        return waveSoak;
    }

    public void setWaveSoak(String waveSoak) {
        this.waveSoak = waveSoak;
    }

    private AutoHalt autoHalt(FormInput in) {
        if (FormInput.isBlank(haltFailureCount) && FormInput.isBlank(haltFailurePercent)) {
            if (!FormInput.isBlank(haltMinAttempts)) {
                in.reject("haltFailurePercent", "set a failure percentage for the minimum attempts to apply to");
            }
            return null;
        }
        var count = in.integer("haltFailureCount", haltFailureCount, 1, Integer.MAX_VALUE);
        var percent = in.integer("haltFailurePercent", haltFailurePercent, 1, 100);
        var minAttempts = in.integer("haltMinAttempts", haltMinAttempts, 1, Integer.MAX_VALUE);
        if (in.hasErrors()) {
            return null;
        }
        return new AutoHalt(count, percent, minAttempts == null ? 10 : minAttempts);
    }

    private List<MaintenanceWindow> windows(FormInput in) {
        var result = new ArrayList<MaintenanceWindow>();
        for (int row = 0; row < windows.size(); row++) {
            var window = windows.get(row);
            if (window == null || window.isBlank()) {
                continue;
            }
            var prefix = "windows[" + row + "].";
            var days = EnumSet.noneOf(DayOfWeek.class);
            for (var day : window.getDays() == null ? List.<String>of() : window.getDays()) {
                try {
                    days.add(DayOfWeek.valueOf(day));
                } catch (IllegalArgumentException e) {
                    in.reject(prefix + "days", "unknown day " + day);
                }
            }
            if (days.isEmpty()) {
                in.reject(prefix + "days", "tick at least one day");
            }
            var start = in.time(prefix + "start", window.getStart());
            var end = in.time(prefix + "end", window.getEnd());
            var zone = in.zone(prefix + "timeZone", window.getTimeZone());
            if (!days.isEmpty() && start != null && end != null && zone != null) {
                result.add(new MaintenanceWindow(days, start, end, zone));
            }
        }
        return result;
    }

    /** Where a service's field name shows on this form. */
    static String formField(String field) {
        if (field == null) {
            return null;
        }
        var name = field.startsWith("policy.") ? field.substring("policy.".length()) : field;
        return switch (name) {
            case "ramp.duration", "ramp" -> "rampDuration";
            case "ramp.startPercent" -> "rampStartPercent";
            case "autoHalt", "autoHalt.failureCount" -> "haltFailureCount";
            case "autoHalt.failurePercent" -> "haltFailurePercent";
            case "autoHalt.minAttempts" -> "haltMinAttempts";
            default -> name.startsWith("maintenanceWindows[") ? "windows" + name.substring("maintenanceWindows".length())
                    : name;
        };
    }

    private static String text(Integer value) {
        return value == null ? "" : value.toString();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getTrack() {
        return track;
    }

    public void setTrack(String track) {
        this.track = track;
    }

    public String getChannelId() {
        return channelId;
    }

    public void setChannelId(String channelId) {
        this.channelId = channelId;
    }

    public boolean isUpdatesEnabled() {
        return updatesEnabled;
    }

    public void setUpdatesEnabled(boolean updatesEnabled) {
        this.updatesEnabled = updatesEnabled;
    }

    public boolean isSafeMode() {
        return safeMode;
    }

    public void setSafeMode(boolean safeMode) {
        this.safeMode = safeMode;
    }

    public boolean isHoldMissingExtension() {
        return holdMissingExtension;
    }

    public void setHoldMissingExtension(boolean holdMissingExtension) {
        this.holdMissingExtension = holdMissingExtension;
    }

    public String getMaxUpdatesPerPeriod() {
        return maxUpdatesPerPeriod;
    }

    public void setMaxUpdatesPerPeriod(String maxUpdatesPerPeriod) {
        this.maxUpdatesPerPeriod = maxUpdatesPerPeriod;
    }

    public String getUpdatePeriod() {
        return updatePeriod;
    }

    public void setUpdatePeriod(String updatePeriod) {
        this.updatePeriod = updatePeriod;
    }

    public String getMaxConcurrentUpdates() {
        return maxConcurrentUpdates;
    }

    public void setMaxConcurrentUpdates(String maxConcurrentUpdates) {
        this.maxConcurrentUpdates = maxConcurrentUpdates;
    }

    public String getUpdateTimeout() {
        return updateTimeout;
    }

    public void setUpdateTimeout(String updateTimeout) {
        this.updateTimeout = updateTimeout;
    }

    public String getPollIntervalSeconds() {
        return pollIntervalSeconds;
    }

    public void setPollIntervalSeconds(String pollIntervalSeconds) {
        this.pollIntervalSeconds = pollIntervalSeconds;
    }

    public String getRampStartPercent() {
        return rampStartPercent;
    }

    public void setRampStartPercent(String rampStartPercent) {
        this.rampStartPercent = rampStartPercent;
    }

    public String getRampDuration() {
        return rampDuration;
    }

    public void setRampDuration(String rampDuration) {
        this.rampDuration = rampDuration;
    }

    public String getHaltFailureCount() {
        return haltFailureCount;
    }

    public void setHaltFailureCount(String haltFailureCount) {
        this.haltFailureCount = haltFailureCount;
    }

    public String getHaltFailurePercent() {
        return haltFailurePercent;
    }

    public void setHaltFailurePercent(String haltFailurePercent) {
        this.haltFailurePercent = haltFailurePercent;
    }

    public String getHaltMinAttempts() {
        return haltMinAttempts;
    }

    public void setHaltMinAttempts(String haltMinAttempts) {
        this.haltMinAttempts = haltMinAttempts;
    }

    public List<WindowForm> getWindows() {
        return windows;
    }

    public void setWindows(List<WindowForm> windows) {
        this.windows = windows;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    /** One weekly maintenance window: days it opens, from and to (wall clock), and the zone of that clock. */
    static class WindowForm {

        private List<String> days = new ArrayList<>();
        private String start = "";
        private String end = "";
        private String timeZone = "UTC";

        static WindowForm of(MaintenanceWindow window) {
            var form = new WindowForm();
            form.days = new ArrayList<>(window.days().stream().sorted().map(DayOfWeek::name).toList());
            form.start = window.start().toString();
            form.end = window.end().toString();
            form.timeZone = window.zone().getId();
            return form;
        }

        /** No day ticked and no time given: the row is unused (its zone alone means nothing). */
        boolean isBlank() {
            return (days == null || days.isEmpty()) && FormInput.isBlank(start) && FormInput.isBlank(end);
        }

        public List<String> getDays() {
            return days;
        }

        public void setDays(List<String> days) {
            this.days = days;
        }

        public String getStart() {
            return start;
        }

        public void setStart(String start) {
            this.start = start;
        }

        public String getEnd() {
            return end;
        }

        public void setEnd(String end) {
            this.end = end;
        }

        public String getTimeZone() {
            return timeZone;
        }

        public void setTimeZone(String timeZone) {
            this.timeZone = timeZone;
        }
    }
}
