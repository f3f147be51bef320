package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.admin.api.ApiRequests.ChannelRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import dev.platte.admin.api.ApiRequests.RampRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The API requests carry the shared input rules ({@code GroupRules}, {@code Architecture}, {@code SemanticVersion}). */
class ApiRequestsValidationTests {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void refusesAPolicyOutsideThePollRampAndDurationRules() {
        var policy = new PolicyRequest(null, null, null, Duration.ZERO, null, null, 59,
                new RampRequest(101, Duration.ZERO), null, List.of(), null);

        assertThat(fields(VALIDATOR.validate(policy)))
                .containsExactlyInAnyOrder("updatePeriod", "pollIntervalSeconds", "ramp.startPercent", "ramp.duration");
    }

    @Test
    void namesTheArchesAPackageAndAChannelMayHave() {
        var pkg = new PackageRequest("latest", "sparc", null, "https://example.com/", "update.gz", 1, "a", "b",
                null, null);
        var channel = new ChannelRequest("stable", "all", null);

        assertThat(messages(VALIDATOR.validate(pkg)))
                .containsExactlyInAnyOrder("must be one of amd64, arm64, all", "must be a semantic version such as 3815.2.0");
        assertThat(messages(VALIDATOR.validate(channel))).containsExactly("must be one of amd64, arm64");
        assertThat(VALIDATOR.validate(new ChannelRequest("stable", "arm64", null))).isEmpty();
    }

    private static <T> List<String> fields(Set<ConstraintViolation<T>> violations) {
        return violations.stream().map(v -> v.getPropertyPath().toString()).toList();
    }

    private static <T> List<String> messages(Set<ConstraintViolation<T>> violations) {
        return violations.stream().map(ConstraintViolation::getMessage).toList();
    }
}
