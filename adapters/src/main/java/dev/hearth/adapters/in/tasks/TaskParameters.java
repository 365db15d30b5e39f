package dev.hearth.adapters.in.tasks;

import java.util.List;
import java.util.Map;

/**
 * Reading an admin task's query parameters. A wrong one throws {@link IllegalArgumentException} saying which parameter
 * was wrong and what it accepts: the admin port and the sandbox's own port answer it with 400
 * {@code application/problem+json}, the message as its {@code detail}.
 */
public final class TaskParameters {
    private TaskParameters() {
    }

    /**
     * The value of {@code name}, or null when absent. Given twice ({@code port=banners&port=profile}) it is refused:
     * taking the first would quietly do half of what was asked.
     */
    public static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given " + values.size() + " times " + values
                    + "; give it once");
        }
        return values.getFirst();
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
}
