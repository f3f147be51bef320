package dev.platte.admin.web;

import dev.platte.admin.web.CatalogForms.RevokeForm;
import dev.platte.catalog.Arch;
import dev.platte.catalog.PackageType;
import dev.platte.fleetlock.Tie;
import dev.platte.gate.UnknownBehaviour;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.format.Formatter;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * How every page form is bound, registered once: text stripped (blank reads as absent), durations in ISO-8601 or
 * short form, times of day, sizes with separators, and enums by their wire names. A value that does not convert
 * stays in the form as typed, with the {@code typeMismatch} message of its type from {@code messages.properties}.
 * Forms are classes with public fields, bound and read by field access.
 */
@ControllerAdvice(basePackageClasses = PageBinding.class)
class PageBinding {

    /** The model attributes that are forms. */
    static final String FORM = "form";
    static final String PROMOTE = "promote";
    static final String FLOOR = "floor";
    static final String ROLLBACK = "rollback";

    static final String DURATION_HINT = "ISO-8601 such as PT1H, PT30M, P2D; or 30m, 12h, 2d";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|min|h|d)|0+");

    @InitBinder({FORM, PROMOTE, FLOOR, ROLLBACK})
    void bindForms(WebDataBinder binder) {
        binder.initDirectFieldAccess();
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
        binder.addCustomFormatter(new TextFormatter<>(PageBinding::duration), Duration.class);
        binder.addCustomFormatter(new TextFormatter<>(LocalTime::parse), LocalTime.class);
        binder.addCustomFormatter(new TextFormatter<>(PageBinding::wholeNumber), Long.class);
        binder.addCustomFormatter(new WireNameFormatter<>(Arch.values()), Arch.class);
        binder.addCustomFormatter(new WireNameFormatter<>(PackageType.values()), PackageType.class);
        binder.addCustomFormatter(new WireNameFormatter<>(UnknownBehaviour.values()), UnknownBehaviour.class);
        binder.addCustomFormatter(new WireNameFormatter<>(Tie.values()), Tie.class);
        binder.addCustomFormatter(new WireNameFormatter<>(RevokeForm.Scope.values()), RevokeForm.Scope.class);
    }

    /** ISO-8601 ({@code PT1H}, {@code P2D}) or short ({@code 30m}, {@code 12h}, {@code 2d}; {@code 0} for none). */
    static Duration duration(String text) {
        var shortForm = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!shortForm.matches()) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        if (shortForm.group(1) == null) {
            return Duration.ZERO;
        }
        var amount = Long.parseLong(shortForm.group(1));
        return switch (shortForm.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Digits, with the separators people type in sizes tolerated: {@code 1,024}, {@code 1_024}, {@code 1 024}. */
    static long wholeNumber(String text) {
        return Long.parseLong(text.replaceAll("[,_\\s]", ""));
    }

    /** Reads stripped text with {@code read}, which throws on what it cannot read; writes {@code toString()}. */
    record TextFormatter<T>(Function<String, T> read) implements Formatter<T> {

        @Override
        public T parse(String text, Locale locale) {
            return read.apply(text.strip());
        }

        @Override
        public String print(T value, Locale locale) {
            return value.toString();
        }
    }

    /** An enum as the API spells it: its name in lower case (any case is read). */
    static final class WireNameFormatter<E extends Enum<E>> implements Formatter<E> {

        private final E[] values;

        WireNameFormatter(E[] values) {
            this.values = values;
        }

        @Override
        public E parse(String text, Locale locale) throws ParseException {
            return Arrays.stream(values).filter(e -> e.name().equalsIgnoreCase(text.strip())).findFirst()
                    .orElseThrow(() -> new ParseException(text, 0));
        }

        @Override
        public String print(E value, Locale locale) {
            return value.name().toLowerCase(Locale.ROOT);
        }
    }
}
