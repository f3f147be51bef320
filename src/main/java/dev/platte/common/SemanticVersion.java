package dev.platte.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A version as packages carry it ({@link Versions#isValid}); absent passes. */
@Documented
@Constraint(validatedBy = SemanticVersion.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface SemanticVersion {

    String MESSAGE = "must be a semantic version such as 3815.2.0";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<SemanticVersion, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Versions.isValid(value);
        }
    }
}
