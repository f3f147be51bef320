package dev.platte.common;

import java.util.List;

/** A value the caller sent breaks a rule that only the domain can check; names the offending field(s). */
public class InvalidInputException extends RuntimeException {

    /** One offending field and what is wrong with it. */
    public record Problem(String field, String message) {}

    private final List<Problem> problems;

    public InvalidInputException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    /** Several problems found at once (the first is the exception's field and message). */
    public InvalidInputException(List<Problem> problems) {
        super(problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public String field() {
        return problems.getFirst().field();
    }

    public List<Problem> problems() {
        return problems;
    }
}
