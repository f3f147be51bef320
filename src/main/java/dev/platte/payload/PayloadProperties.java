package dev.platte.payload;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Local payload hosting.
 *
 * @param directory where payloads are stored; unset disables hosting, uploads and mirroring
 * @param publicBaseUrl how nodes reach {@code /payloads/} of this server (a CDN or reverse proxy in front,
 *     say); a package's codebase becomes {@code <publicBaseUrl><packageId>/}
 * @param maxFileSize the largest file stored, mirrored or uploaded; writing stops as soon as a file passes it
 * @param sweepInterval how often directories of packages that no longer exist, and temporary files left by
 *     a crash, are removed
 * @param orphanGrace how long a directory without a package is kept: a sync mirrors the files of a new
 *     package before it creates the package
 */
@ConfigurationProperties("platte.payloads")
public record PayloadProperties(
        Path directory,
        @DefaultValue("http://localhost:8080/payloads/") String publicBaseUrl,
        @DefaultValue("8GB") DataSize maxFileSize,
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("24h") Duration orphanGrace) {

    public boolean enabled() {
        return directory != null;
    }

    public String codebaseFor(java.util.UUID packageId) {
        var base = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
        return base + packageId + "/";
    }
}
