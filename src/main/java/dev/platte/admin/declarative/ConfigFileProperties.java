package dev.platte.admin.declarative;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A configuration document applied at start and again whenever it changes (GitOps, e.g. a ConfigMap).
 *
 * @param file the document (YAML or JSON); absent for none
 * @param checkInterval how often each replica looks at the file
 * @param prune also delete what the document does not list in the applications it names
 * @param secretsDir where documents' {@code secretRef: {file: ...}} are read from (e.g. a mounted Kubernetes
 *     Secret); absent: file references are refused
 */
@ConfigurationProperties("platte.config")
public record ConfigFileProperties(
        Path file,
        @DefaultValue("10s") Duration checkInterval,
        @DefaultValue("false") boolean prune,
        Path secretsDir) {

    public ConfigFileProperties {
        if (!checkInterval.isPositive()) {
            throw new IllegalArgumentException("platte.config.check-interval must be positive, got " + checkInterval);
        }
    }
}
