package dev.hearth.home.migration.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern in {@link ResponseComparator}'s syntax, parsed into steps: {@code sections[*].data} is the field
 * {@code sections}, any item, the field {@code data}. Immutable.
 */
record PathPattern(String text, List<Step> steps) {
    static final String WILDCARD = "*";
    private static final String EXAMPLE = "e.g. sections[*].data[*].balance.asOf";

    /** One step of a path: a field ({@code item} false) or a list item, by key or as {@code #index}. */
    record Step(boolean item, String name) {
    }

    PathPattern {
        steps = List.copyOf(steps);
    }

    /**
     * Parses {@code text}; {@code what} names it in the message of the {@link IllegalArgumentException} thrown
     * when it is not a pattern.
     */
    static PathPattern parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw invalid(what, text, "it is blank", "write a path of fields and items, " + EXAMPLE);
        }
        if (!text.strip().equals(text)) {
            throw invalid(what, text, "it starts or ends with spaces", "remove them");
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '[') {
                int end = text.indexOf(']', i);
                if (end < 0) {
                    throw invalid(what, text, "the '[' at position " + i + " is never closed", "close it with ']'");
                }
                if (end == i + 1) {
                    throw invalid(what, text, "'[]' at position " + i + " names no item",
                            "write [key], [#index] or [*] for any item");
                }
                if (i > 0 && text.charAt(i - 1) == '.') {
                    throw invalid(what, text, "'.[' at position " + (i - 1),
                            "write an item right after its list, without a dot, " + EXAMPLE);
                }
                steps.add(new Step(true, text.substring(i + 1, end)));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String name = text.substring(i, end);
                if (name.isEmpty()) {
                    throw invalid(what, text, "no field name at position " + i,
                            "join field names with single dots, " + EXAMPLE);
                }
                if (name.contains("]")) {
                    throw invalid(what, text, "a ']' at position " + (i + name.indexOf(']')) + " closes no '['",
                            "write an item as [key], [#index] or [*]");
                }
                steps.add(new Step(false, name));
                i = end;
            }
            if (i < text.length() && text.charAt(i) != '[') {
                if (text.charAt(i) != '.') {
                    throw invalid(what, text, "'" + text.charAt(i) + "' at position " + i + " follows an item",
                            "put a dot between an item and a field, " + EXAMPLE);
                }
                if (++i == text.length()) {
                    throw invalid(what, text, "it ends with a dot", "remove the dot or name a field after it");
                }
            }
        }
        return new PathPattern(text, steps);
    }

    /** Whether this pattern names exactly the node at {@code path}; {@code *} stands for any one field or item. */
    boolean matches(List<Step> path) {
        if (path.size() != steps.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            Step want = steps.get(i);
            Step got = path.get(i);
            if (want.item() != got.item() || !(want.name().equals(WILDCARD) || want.name().equals(got.name()))) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String what, String text, String problem, String fix) {
        return new IllegalArgumentException("%s '%s' is not a path pattern: %s; %s".formatted(what, text, problem, fix));
    }
}
