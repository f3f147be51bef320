package dev.platte.payload;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local payload hosting.
 *
 * @param directory where payloads are stored; unset disables hosting, uploads and mirroring
 * @param publicBaseUrl how nodes reach {@code /payloads/} of this server (a CDN or reverse proxy in front,
 *     say); a package's codebase becomes {@code <publicBaseUrl><packageId>/}
 */
@ConfigurationProperties("platte.payloads")
public record PayloadProperties(Path directory, @DefaultValue("http://localhost:8080/payloads/") String publicBaseUrl) {

    public boolean enabled() {
        return directory != null;
    }

    public String codebaseFor(java.util.UUID packageId) {
        var base = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
        return base + packageId + "/";
    }
}
