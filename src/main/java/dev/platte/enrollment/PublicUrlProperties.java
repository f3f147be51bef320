package dev.platte.enrollment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicUrl how nodes reach Platte, e.g. {@code https://updates.example.com} (behind a proxy, the
 *     proxy's address); when unset, the address the enrollment was asked at
 */
@ConfigurationProperties("platte")
public record PublicUrlProperties(String publicUrl) {}
