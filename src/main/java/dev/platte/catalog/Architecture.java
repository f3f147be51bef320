package dev.platte.catalog;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;

/**
 * The architectures Platte knows, as one rule for API requests (wire names) and page forms ({@link Arch}):
 * a package may be built for any of them, a channel serves one real arch ({@code servable}). Absent passes;
 * add {@code @NotNull} where it is required.
 */
@Documented
@Constraint(validatedBy = {Architecture.WireName.class, Architecture.Typed.class})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Architecture {

    /** Only the arches a channel can serve: not {@link Arch#ALL}. */
    boolean servable() default false;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks an arch, naming the allowed ones when it is not among them. */
    abstract class Check<T> implements ConstraintValidator<Architecture, T> {

        private List<Arch> allowed;

        @Override
        public void initialize(Architecture constraint) {
            allowed = Arch.allowed(constraint.servable());
        }

        /** The arch the value names; {@code null} for none. */
        abstract Arch arch(T value);

        @Override
        public boolean isValid(T value, ConstraintValidatorContext context) {
            var arch = value == null ? null : arch(value);
            if (value == null || arch != null && allowed.contains(arch)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(Arch.mustBeOneOf(allowed)).addConstraintViolation();
            return false;
        }
    }

    /** As clients write an arch: its wire name. */
    final class WireName extends Check<String> {

        @Override
        Arch arch(String value) {
            return Arrays.stream(Arch.values()).filter(a -> a.wireName().equals(value)).findFirst().orElse(null);
        }
    }

    /** As a form binds an arch: the enum. */
    final class Typed extends Check<Arch> {

        @Override
        Arch arch(Arch value) {
            return value;
        }
    }
}
