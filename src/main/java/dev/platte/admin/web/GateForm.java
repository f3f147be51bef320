package dev.platte.admin.web;

import dev.platte.gate.Gate;
import dev.platte.gate.GateSettings;
import dev.platte.gate.UnknownBehaviour;
import java.time.Duration;
import java.util.Locale;

/** The gate form as typed; {@link #toSettings} checks the text, {@link GateSettings} the rules. */
public class GateForm {

    private String name = "";
    private String query = "";
    private String threshold = "";
    private String consecutiveEvaluations = "3";
    private String interval = "30s";
    private String soak = "1h";
    private String onUnknown = "hold";
    private String prometheusUrl = "";

    static GateForm of(Gate gate) {
        var settings = gate.settings();
        var form = new GateForm();
        form.name = settings.name();
        form.query = settings.query();
        form.threshold = settings.threshold() == null ? "" : settings.threshold().toString();
        form.consecutiveEvaluations = Integer.toString(settings.consecutiveEvaluations());
        form.interval = settings.interval().toString();
        form.soak = settings.soak().toString();
        form.onUnknown = settings.onUnknown().wireName();
        form.prometheusUrl = settings.prometheusUrl() == null ? "" : settings.prometheusUrl();
        return form;
    }

    /** The settings, or null when a field is not even readable (messages are on {@code input}). */
    GateSettings toSettings(FormInput input) {
        var nameText = input.text("name", name, 64, true);
        var queryText = input.text("query", query, 4000, true);
        Double thresholdValue = null;
        if (!FormInput.isBlank(threshold)) {
            try {
                thresholdValue = Double.parseDouble(threshold.strip());
            } catch (NumberFormatException e) {
                input.reject("threshold", "must be a number, or empty: any sample breaches");
            }
        }
        var consecutive = input.integer("consecutiveEvaluations", consecutiveEvaluations, 1, 100);
        var every = input.duration("interval", interval, true);
        var soakFor = FormInput.isBlank(soak) || soak.strip().matches("0+[a-zA-Z]*|PT0S")
                ? Duration.ZERO
                : input.duration("soak", soak, false);
        UnknownBehaviour behaviour = null;
        try {
            behaviour = UnknownBehaviour.valueOf(onUnknown == null ? "HOLD" : onUnknown.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            input.reject("onUnknown", "must be hold or ignore");
        }
        if (input.hasErrors()) {
            return null;
        }
        return new GateSettings(nameText, queryText, thresholdValue, consecutive == null ? 1 : consecutive, every,
                soakFor, behaviour, prometheusUrl);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getThreshold() {
        return threshold;
    }

    public void setThreshold(String threshold) {
        this.threshold = threshold;
    }

    public String getConsecutiveEvaluations() {
        return consecutiveEvaluations;
    }

    public void setConsecutiveEvaluations(String consecutiveEvaluations) {
        this.consecutiveEvaluations = consecutiveEvaluations;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getSoak() {
        return soak;
    }

    public void setSoak(String soak) {
        this.soak = soak;
    }

    public String getOnUnknown() {
        return onUnknown;
    }

    public void setOnUnknown(String onUnknown) {
        this.onUnknown = onUnknown;
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = prometheusUrl;
    }
}
