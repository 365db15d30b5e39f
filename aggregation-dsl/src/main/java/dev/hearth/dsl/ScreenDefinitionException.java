package dev.hearth.dsl;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A screen definition (YAML or Java) that cannot be used; {@link #getMessage()} lists every problem, one per line. */
public final class ScreenDefinitionException extends RuntimeException {
    private final List<Problem> problems;

    public ScreenDefinitionException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScreenDefinitionException needs at least one problem");
        }
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in screen definitions:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    public List<Problem> problems() {
        return problems;
    }
}
