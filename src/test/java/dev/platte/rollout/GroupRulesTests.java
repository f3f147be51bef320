package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.common.InvalidInputException;
import dev.platte.rollout.GroupRules.PollInterval;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The input rules written once: the constraints requests and forms carry, and the guard in {@link UpdateGroup}. */
class GroupRulesTests {

    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    record Poll(@PollInterval Integer seconds) {}

    @Test
    void thePollIntervalConstraintAndTheGroupAgreeOnItsRange() {
        assertThat(VALIDATOR.validate(new Poll(60))).isEmpty();
        assertThat(VALIDATOR.validate(new Poll(86_400))).isEmpty();
        assertThat(VALIDATOR.validate(new Poll(null))).isEmpty();
        assertThat(messages(VALIDATOR.validate(new Poll(59)))).containsExactly(GroupRules.POLL_INTERVAL_MESSAGE);
        assertThat(messages(VALIDATOR.validate(new Poll(86_401)))).containsExactly(GroupRules.POLL_INTERVAL_MESSAGE);

        var group = new UpdateGroup(java.util.UUID.randomUUID(), "Stable", "", "stable", null, java.time.Instant.EPOCH);
        assertThatThrownBy(() -> group.changePolicy(policy(59)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("policy.pollIntervalSeconds");
                    assertThat(e.getMessage()).isEqualTo(GroupRules.POLL_INTERVAL_MESSAGE);
                });
        group.changePolicy(policy(60));
        assertThat(group.pollIntervalSeconds()).isEqualTo(60);
    }

    private static UpdateGroup.PolicySettings policy(Integer pollIntervalSeconds) {
        return new UpdateGroup.PolicySettings(true, false, null, Duration.ofHours(1), null, Duration.ofHours(1),
                pollIntervalSeconds, null, null, List.of(), true, null);
    }

    private static <T> List<String> messages(Set<ConstraintViolation<T>> violations) {
        return violations.stream().map(ConstraintViolation::getMessage).toList();
    }
}
