package dev.platte.gate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Alertmanager receiver ({@code platte.alertmanager.*}): Alertmanager authenticates with {@code token}
 * (its {@code http_config.authorization.credentials}) or {@code username}/{@code password} (its
 * {@code basic_auth}). With neither set, the receiver refuses every notification.
 */
@ConfigurationProperties("platte.alertmanager")
public record AlertmanagerProperties(String token, String username, String password,
        @DefaultValue("1048576") int maxPayloadBytes) {}
