package dev.platte.gate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Prometheus health gates query ({@code platte.prometheus.*}).
 *
 * @param url base URL, such as {@code http://prometheus:9090}; gates without their own URL need it
 * @param bearerToken sent as {@code Authorization: Bearer}; or {@code username}/{@code password} for Basic
 * @param sslBundle a Spring SSL bundle ({@code spring.ssl.bundle.*}) to trust the server's certificate
 * @param maxResponseBytes a larger answer counts as an error (unknown), so a wide query cannot exhaust memory
 * @param evaluationCheckInterval how often each replica looks for gates due for evaluation
 */
@ConfigurationProperties("platte.prometheus")
public record PrometheusProperties(
        String url,
        String bearerToken,
        String username,
        String password,
        String sslBundle,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration queryTimeout,
        @DefaultValue("1048576") int maxResponseBytes,
        @DefaultValue("1s") Duration evaluationCheckInterval) {}
