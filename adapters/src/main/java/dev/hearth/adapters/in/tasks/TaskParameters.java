package dev.hearth.adapters.in.tasks;

import java.util.List;
import java.util.Map;

/**
 * Reading an admin task's query parameters. A wrong one throws {@link IllegalArgumentException} saying what was wrong
 * and how to fix it: the admin port answers it as Dropwizard answers a failed task (HTTP 500, the message first), the
 * sandbox's own port as a 400.
 */
public final class TaskParameters {
    private TaskParameters() {
    }

    /** The first value of {@code name}, or null when absent. */
    public static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * Refuses any parameter {@code task} does not take, listing those it does: a misspelt name ({@code errorrate})
     * would otherwise be ignored, and the task do something else than was asked.
     */
    public static void only(Map<String, List<String>> parameters, String task, List<String> names) {
        for (String name : parameters.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(task + " has no parameter '" + name + "'; its parameters are " + names
                        + " (names are case-sensitive)");
            }
        }
    }

    /** {@code name} as {@code true} or {@code false}, false when absent; anything else is refused, never read as false. */
    public static boolean flag(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    /** Who asked for a change ({@code by=}), for the record; "admin task" when unsaid. */
    public static String by(Map<String, List<String>> parameters) {
        String by = single(parameters, "by");
        return by == null || by.isBlank() ? "admin task" : "admin task (" + by.trim() + ")";
    }
}
