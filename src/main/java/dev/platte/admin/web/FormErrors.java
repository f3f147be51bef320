package dev.platte.admin.web;

import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.StaleVersionException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.beans.BeansException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/**
 * What the pages make of a refused change: the one place where the domain's names for what it refuses
 * (its model's property paths, such as {@code policy.ramp.duration}) become the inputs of the forms.
 */
final class FormErrors {

    private FormErrors() {}

    /** Form pages are for admins: a viewer gets the same 403 page the server gives their posts. */
    static void requireAdmin(Model model) {
        if (!Boolean.TRUE.equals(model.getAttribute("isAdmin"))) {
            throw new AccessDeniedException("only admins change the catalog");
        }
    }

    /** The input of a page form that shows what the domain says about {@code field}. */
    static String pageField(String field) {
        if (field == null) {
            return null;
        }
        var name = field.startsWith("policy.") ? field.substring("policy.".length()) : field;
        return switch (name) {
            case "ramp.duration", "ramp" -> "rampDuration";
            case "ramp.startPercent" -> "rampStartPercent";
            case "autoHalt", "autoHalt.failureCount" -> "haltFailureCount";
            case "autoHalt.failurePercent" -> "haltFailurePercent";
            case "autoHalt.minAttempts" -> "haltMinAttempts";
            default -> name.startsWith("maintenanceWindows[") ? "windows" + name.substring("maintenanceWindows".length())
                    : name;
        };
    }

    /**
     * Puts a message next to the input {@code field} names, unless it has one already; one the form does not
     * have (a rule about the whole thing, say) goes to the top of the form instead, with the name it came with.
     */
    static void reject(BindingResult errors, String field, String message) {
        if (field != null) {
            try {
                if (!errors.hasFieldErrors(field)) {
                    errors.rejectValue(field, "invalid", message);
                }
                return;
            } catch (BeansException e) {
                // not an input of this form
            }
        }
        errors.reject("invalid", field == null ? message : field + ": " + message);
    }

    /** As {@link #submit(BindingResult, HttpServletResponse, UnaryOperator, Supplier)} for a form named as the domain. */
    static <T> T submit(BindingResult errors, HttpServletResponse response, Supplier<T> change) {
        return submit(errors, response, UnaryOperator.identity(), change);
    }

    /**
     * Runs a change if the form was read without errors; when the service refuses it, the refusal becomes
     * messages on the form instead of an error page: a bad value next to its input ({@code rows} renumbers
     * list rows the form skipped), a clash with stored data or someone else's edit at the top, answered 409.
     * Nothing is saved then, as the service's transaction rolls back.
     *
     * @return what the change returned, or {@code null} when the form had errors or the change was refused
     */
    static <T> T submit(BindingResult errors, HttpServletResponse response, UnaryOperator<String> rows,
            Supplier<T> change) {
        if (errors.hasErrors()) {
            return null;
        }
        try {
            return change.get();
        } catch (InvalidInputException e) {
            reject(errors, rows.apply(pageField(e.field())), e.getMessage());
        } catch (ConflictException | StaleVersionException e) {
            conflict(errors, response, e.getMessage());
        } catch (ObjectOptimisticLockingFailureException e) {
            conflict(errors, response, "Someone else changed this at the same moment: reload the page and try again.");
        } catch (DataIntegrityViolationException e) {
            conflict(errors, response,
                    "The change conflicts with stored data: a duplicate, or something still in use refers to it.");
        }
        return null;
    }

    private static void conflict(BindingResult errors, HttpServletResponse response, String message) {
        response.setStatus(HttpStatus.CONFLICT.value());
        errors.reject("conflict", message);
    }
}
