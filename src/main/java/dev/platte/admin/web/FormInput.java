package dev.platte.admin.web;

import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.StaleVersionException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.beans.BeansException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/**
 * Reads what a form sent, as typed, into domain values. Every problem goes next to the input it came
 * from (as a field error of the form's {@link BindingResult}), so one submit shows all of them at once.
 * Blank optional values read as {@code null}.
 */
final class FormInput {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|min|h|d)");
    static final String DURATION_HINT = "ISO-8601 such as PT1H, PT30M, P2D; or 30m, 12h, 2d";

    private final BindingResult errors;

    FormInput(BindingResult errors) {
        this.errors = errors;
    }

    boolean hasErrors() {
        return errors.hasErrors();
    }

    /** Stripped text; {@code ""} when blank and optional. */
    String text(String field, String value, int maxLength, boolean required) {
        var text = value == null ? "" : value.strip();
        if (required && text.isEmpty()) {
            reject(field, "must not be blank");
        } else if (text.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters");
        }
        return text;
    }

    Integer integer(String field, String value, int min, int max) {
        if (isBlank(value)) {
            return null;
        }
        try {
            var number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                reject(field, min == 1 && max == Integer.MAX_VALUE
                        ? "must be a whole number greater than 0"
                        : "must be a whole number from " + min + " to " + max);
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            reject(field, "must be a whole number");
            return null;
        }
    }

    /** A size in bytes: digits only, separators (1,024 or 1_024 or blanks) tolerated. */
    Long positiveLong(String field, String value) {
        if (isBlank(value)) {
            reject(field, "must not be blank");
            return null;
        }
        try {
            var number = Long.parseLong(value.strip().replaceAll("[,_\\s]", ""));
            if (number <= 0) {
                reject(field, "must be greater than 0");
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            reject(field, "must be a whole number of bytes");
            return null;
        }
    }

    /** ISO-8601 ({@code PT1H}, {@code P2D}) or short ({@code 30m}, {@code 12h}, {@code 2d}); must be positive. */
    Duration duration(String field, String value, boolean required) {
        if (isBlank(value)) {
            if (required) {
                reject(field, "must not be blank: " + DURATION_HINT);
            }
            return null;
        }
        var text = value.strip().toLowerCase(Locale.ROOT);
        Duration duration = null;
        var shortForm = SHORT_DURATION.matcher(text);
        if (shortForm.matches()) {
            var amount = Long.parseLong(shortForm.group(1));
            duration = switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                reject(field, "is not a duration: " + DURATION_HINT);
                return null;
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            reject(field, "must be longer than zero");
            return null;
        }
        if (duration.toSeconds() > Integer.MAX_VALUE) {
            reject(field, "is too long");
            return null;
        }
        return duration;
    }

    LocalTime time(String field, String value) {
        if (isBlank(value)) {
            reject(field, "must be a time such as 02:00");
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            reject(field, "must be a time such as 02:00");
            return null;
        }
    }

    ZoneId zone(String field, String value) {
        if (isBlank(value)) {
            reject(field, "must be an IANA time zone such as Europe/Berlin or UTC");
            return null;
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            reject(field, "must be an IANA time zone such as Europe/Berlin or UTC");
            return null;
        }
    }

    UUID uuid(String field, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            reject(field, "must be an id such as e96281a6-d1af-4bde-9a0a-97b76e56dc57");
            return null;
        }
    }

    void reject(String field, String message) {
        reject(errors, field, message);
    }

    /** Form pages are for admins: a viewer gets the same 403 page the server gives their posts. */
    static void requireAdmin(Model model) {
        if (!Boolean.TRUE.equals(model.getAttribute("isAdmin"))) {
            throw new AccessDeniedException("only admins change the catalog");
        }
    }

    /**
     * Puts a message next to the input {@code field} names; one the form does not have (a rule about
     * the whole thing, say) goes to the top of the form instead, with the name it came with.
     */
    static void reject(BindingResult errors, String field, String message) {
        if (field != null) {
            try {
                errors.rejectValue(field, "invalid", message);
                return;
            } catch (BeansException e) {
                // not an input of this form
            }
        }
        errors.reject("invalid", field == null ? message : field + ": " + message);
    }

    /** A conflict with stored data, shown at the top of the form. */
    static void conflict(BindingResult errors, String message) {
        errors.reject("conflict", message);
    }

    /**
     * Runs a change; when the service refuses it, the refusal becomes messages on the form instead of an
     * error page: a bad value next to its input ({@code formField} maps the service's field name to the
     * form's), a clash with stored data or someone else's edit at the top, answered 409. Nothing is saved
     * then, as the service's transaction rolls back.
     *
     * @return what the change returned, or {@code null} when it was refused
     */
    static <T> T submit(BindingResult errors, HttpServletResponse response, UnaryOperator<String> formField,
            Supplier<T> change) {
        try {
            return change.get();
        } catch (InvalidInputException e) {
            reject(errors, formField.apply(e.field()), e.getMessage());
        } catch (ConflictException | StaleVersionException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            conflict(errors, e.getMessage());
        } catch (ObjectOptimisticLockingFailureException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            conflict(errors, "Someone else changed this at the same moment: reload the page and try again.");
        } catch (DataIntegrityViolationException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            conflict(errors, "The change conflicts with stored data: a duplicate, or something still in use refers to it.");
        }
        return null;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
