package dev.platte.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How OIDC users get their Platte role: from a claim of the ID token (or user info) holding one or
 * several role names.
 *
 * @param rolesClaim the claim, e.g. {@code groups} or {@code roles}
 * @param adminValue the claim value that makes an admin
 * @param viewerValue the claim value that makes a viewer
 */
@ConfigurationProperties("platte.oidc")
public record OidcProperties(
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("platte-admin") String adminValue,
        @DefaultValue("platte-viewer") String viewerValue) {}
