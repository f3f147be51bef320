package dev.platte.admin.api;

import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.JsonPaths;
import dev.platte.common.NotFoundException;
import dev.platte.common.StaleVersionException;
import dev.platte.database.DatabaseAvailability;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.core.PropertyReferenceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every API error as an RFC 9457 problem, also for paths no controller serves. Field problems list
 * each offending field under {@code errors} as {@code {field, message}}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    record FieldProblem(String field, String message) {}

    private final DatabaseAvailability database;

    ApiExceptionHandler(DatabaseAvailability database) {
        this.database = database;
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail stale(StaleVersionException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Changed meanwhile", e.getMessage());
    }

    /** Two edits of one row committed at once: the later one loses instead of overwriting. */
    @ExceptionHandler
    ProblemDetail concurrentEdit(ObjectOptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "Someone else changed this at the same moment: read it again and retry");
    }

    /** A race the service checks could not see (two admins creating the same name at once, say). */
    @ExceptionHandler
    ProblemDetail integrity(DataIntegrityViolationException e) {
        logger.info("Refused a change that conflicts with stored data: " + e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict",
                "The change conflicts with stored data: a duplicate, or something still in use refers to it");
    }

    /**
     * The database is unreachable or has no connection free: try again later. Only for the API; a
     * node's or a page's failure is rethrown, which leaves it to the outage filter (plain text, error
     * page), and any other data access failure stays the 500 it was.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, PersistenceException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e, HttpServletRequest request) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || !database.reportFailure(e).isUnavailable()) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(database.retryAfterSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseAvailability.EXPLANATION));
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidInputException e) {
        return fieldProblems(e.problems().stream().map(p -> new FieldProblem(p.field(), p.message())).toList());
    }

    @ExceptionHandler
    ProblemDetail badSort(PropertyReferenceException e) {
        return fieldProblems(List.of(new FieldProblem("sort", "cannot sort by '" + e.getPropertyName() + "'")));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problems = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(),
                        error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(fieldProblems(problems));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problems = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(fieldProblems(problems));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var field = e.getCause() instanceof JacksonException jackson ? JsonPaths.of(jackson) : "";
        if (field.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(problem(HttpStatus.BAD_REQUEST, "Unreadable request", "The body is not valid JSON"));
        }
        return ResponseEntity.badRequest()
                .body(fieldProblems(List.of(new FieldProblem(field, "has the wrong type or format"))));
    }

    private static ProblemDetail fieldProblems(List<FieldProblem> problems) {
        var fields = problems.stream().map(FieldProblem::field).distinct().toList();
        var detail = problem(HttpStatus.BAD_REQUEST, "Invalid request", "Invalid value for " + String.join(", ", fields));
        detail.setProperty("errors", problems.stream()
                .map(p -> Map.of("field", p.field(), "message", p.message()))
                .toList());
        return detail;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
