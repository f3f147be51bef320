package dev.platte.admin.web;

import dev.platte.gate.Gate;
import dev.platte.gate.GateSettings;
import dev.platte.gate.UnknownBehaviour;
import java.time.Duration;

/** The gate form, typed; {@link GateSettings} checks its rules, for the API and this form alike. */
class GateForm {

    public String name;
    public String query;
    public Double threshold;
    public Integer consecutiveEvaluations = 3;
    public Duration interval = Duration.ofSeconds(30);
    public Duration soak = Duration.ofHours(1);
    public UnknownBehaviour onUnknown = UnknownBehaviour.HOLD;
    public String prometheusUrl;

    static GateForm of(Gate gate) {
        var settings = gate.settings();
        var form = new GateForm();
        form.name = settings.name();
        form.query = settings.query();
        form.threshold = settings.threshold();
        form.consecutiveEvaluations = settings.consecutiveEvaluations();
        form.interval = settings.interval();
        form.soak = settings.soak();
        form.onUnknown = settings.onUnknown();
        form.prometheusUrl = settings.prometheusUrl();
        return form;
    }

    GateSettings toSettings() {
        return new GateSettings(name, query, threshold, consecutiveEvaluations == null ? 1 : consecutiveEvaluations,
                interval, soak, onUnknown, prometheusUrl);
    }
}
