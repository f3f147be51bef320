package dev.platte.support;

/**
 * Actuator paths that integration tests call and that the Helm chart's probes and scrape configuration
 * point at: one list, so the chart's tests compare against paths the application is proven to serve.
 */
public final class ActuatorPaths {

    /** Liveness health group: UP while the process works, also during a database outage. */
    public static final String LIVENESS = "/actuator/health/liveness";

    /** Readiness health group: DOWN while the database is unreachable. */
    public static final String READINESS = "/actuator/health/readiness";

    /** Prometheus scrape endpoint. */
    public static final String PROMETHEUS = "/actuator/prometheus";

    private ActuatorPaths() {}
}
