package dev.platte.rollout;

import dev.platte.rollout.policy.AutoHalt;
import dev.platte.rollout.policy.Ramp;
import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

/**
 * The input rules of a group's policy, written once: the constraints the API requests and the page form
 * carry, and the bounds {@link UpdateGroup} (the guard) checks again. Absent values pass every constraint.
 */
public final class GroupRules {

    public static final int MIN_POLL_INTERVAL_SECONDS = 60;
    public static final int MAX_POLL_INTERVAL_SECONDS = 86_400;
    public static final String POLL_INTERVAL_MESSAGE = "must be between " + MIN_POLL_INTERVAL_SECONDS + " and "
            + MAX_POLL_INTERVAL_SECONDS + " (update_engine uses 2700 to 14400)";
    public static final int MIN_WAVE_COMPLETION_PERCENT = 1;
    public static final String POSITIVE_DURATION_MESSAGE = "must be a positive duration such as PT1H";

    private GroupRules() {}

    static boolean isPositive(Duration duration) {
        return duration != null && duration.isPositive() && duration.toSeconds() <= Integer.MAX_VALUE;
    }

    /** The {@code PollInterval} a group sends its nodes, in seconds. */
    @Documented
    @Min(MIN_POLL_INTERVAL_SECONDS)
    @Max(MAX_POLL_INTERVAL_SECONDS)
    @ReportAsSingleViolation
    @Constraint(validatedBy = {})
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface PollInterval {

        String message() default POLL_INTERVAL_MESSAGE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /**
     * A share of nodes in percent, from {@code min} to 100: a ramp's start ({@link Ramp#MIN_START_PERCENT}),
     * auto-halt's failure share ({@link AutoHalt#MIN_FAILURE_PERCENT}), a wave's completion
     * ({@link #MIN_WAVE_COMPLETION_PERCENT}).
     */
    @Documented
    @Min(0)
    @Max(100)
    @ReportAsSingleViolation
    @Constraint(validatedBy = {})
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Percent {

        @OverridesAttribute(constraint = Min.class, name = "value")
        long min();

        String message() default "must be between {min} and 100";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A period, timeout or ramp: longer than zero, and short enough to count in whole seconds. */
    @Documented
    @Constraint(validatedBy = PositiveDuration.Validator.class)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface PositiveDuration {

        String message() default POSITIVE_DURATION_MESSAGE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        final class Validator implements ConstraintValidator<PositiveDuration, Duration> {

            @Override
            public boolean isValid(Duration value, ConstraintValidatorContext context) {
                return value == null || isPositive(value);
            }
        }
    }
}
