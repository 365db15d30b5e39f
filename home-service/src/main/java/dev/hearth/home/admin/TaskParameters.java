package dev.hearth.home.admin;

import java.util.List;
import java.util.Map;

/** Reading an admin task's query parameters. */
final class TaskParameters {
    private TaskParameters() {
    }

    /** The first value of {@code name}, or null when absent. */
    static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Who asked for a change ({@code by=}), for the record; "admin task" when unsaid. */
    static String by(Map<String, List<String>> parameters) {
        String by = single(parameters, "by");
        return by == null || by.isBlank() ? "admin task" : "admin task (" + by.trim() + ")";
    }
}
