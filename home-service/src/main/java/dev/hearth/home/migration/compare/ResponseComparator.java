package dev.hearth.home.migration.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hearth.home.migration.compare.PathPattern.Step;
import dev.hearth.ports.domain.model.Difference;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares Hearth's response with the legacy monolith's, field by field, for shadow comparison.
 *
 * <h2>Paths</h2>
 * A node is named by the steps from the root: object fields joined by {@code .}; an item of a list matched by
 * key as {@code [key]}, with the key's value; an item matched by position as {@code [#index]}:
 * {@code sections[accounts].data[alice-acc-1].balance.available.amount}, {@code sections[openBanking].data[#1]}.
 * The root is the empty path. Patterns ({@link ComparisonRules}) use the same syntax, where {@code *} stands for
 * any one field ({@code balance.*}) or any one item ({@code [*]}): {@code sections[*].data[*].balance.asOf}. An
 * ignore pattern that names a node covers everything below it: {@code sections[banners]} ignores that section.
 *
 * <h2>Differences</h2>
 * Two values differ when their types differ (every number is one type), when numbers are further apart than the
 * tolerance ({@code 4184.3}, {@code 4184.30} and {@code 4184.300} are equal, as are {@code 3} and {@code 3.0}),
 * or when other values are not equal. A field or keyed item on one side only is a difference, its missing side
 * shown as {@link Difference#ABSENT}. Lists matched by position and of different lengths are one difference at
 * the list, showing both lists; their items are not compared. Below {@link #MAX_DEPTH} steps subtrees are compared
 * whole, exactly.
 *
 * <h2>Noise</h2>
 * Given a second legacy answer to the same request, every path where the two legacy answers differ (by the same
 * rules) is volatile: differences at or below it are not mismatches, only listed as volatile paths.
 *
 * <p>At most {@link #MAX_DIFFERENCES} mismatches (and {@link #MAX_VOLATILE_PATHS} volatile paths) are collected per
 * comparison; beyond that it stops, marked truncated.
 * Immutable and thread-safe.
 *
 * <h2>Why not JsonUnit</h2>
 * JsonUnit (json-unit-core 6.2) was weighed and is not used: of the four things done here it does only the numeric
 * tolerance ({@code withTolerance}: the same |a &minus; b| &le; tolerance on BigDecimals as {@code sameNumber}). It
 * has no keyed lists: {@code IGNORING_ARRAY_ORDER} pairs items by best match and reports them by index, so an item
 * whose id is on one side only, or two items that changed, cannot be named by their id. Its paths are positional,
 * and {@code whenIgnoringPaths} matches only literal paths with {@code [*]} for an index: no {@code *} for a field and
 * no keyed item ({@code sections[banners]}, {@code balance.*}). It has no notion of noise (volatile paths taken from a
 * second legacy answer), no groups, no cap on differences, depth or value length, and on lists of different lengths
 * it goes on comparing their items by position. Using it for the number check alone would add a dependency for six
 * lines.
 */
public final class ResponseComparator {
    public static final int MAX_DIFFERENCES = 100;
    public static final int MAX_VOLATILE_PATHS = 1_000;
    public static final int MAX_DEPTH = 32;
    static final int MAX_VALUE_CHARS = 200;

    private final ComparisonRules rules;
    private final List<PathPattern> ignore;
    private final Map<PathPattern, String> listKeys;
    private final List<PathPattern> namedLists;
    private final BigDecimal tolerance;

    public ResponseComparator(ComparisonRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ignore = rules.ignore().stream().map(p -> PathPattern.parse(p, "ignore pattern")).toList();
        Map<PathPattern, String> keys = new LinkedHashMap<>();
        rules.listKeys().forEach((p, key) -> keys.put(PathPattern.parse(p, "listKeys pattern"), key));
        this.listKeys = Collections.unmodifiableMap(keys);
        this.namedLists = rules.namedLists().stream().map(p -> PathPattern.parse(p, "namedLists pattern")).toList();
        this.tolerance = BigDecimal.valueOf(rules.numericTolerance());
    }

    public ComparisonRules rules() {
        return rules;
    }

    /**
     * Compares {@code hearth} with {@code legacy}; differences where {@code legacyAgain} (a second legacy answer to
     * the same request, when there is one) disagrees with {@code legacy} are volatile, not mismatches.
     */
    public Comparison compare(JsonNode hearth, JsonNode legacy, Optional<JsonNode> legacyAgain) {
        Objects.requireNonNull(hearth, "hearth");
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(legacyAgain, "legacyAgain");
        Walk noise = new Walk(Set.of(), MAX_VOLATILE_PATHS);
        legacyAgain.ifPresent(again -> noise.compare(legacy, again, Path.ROOT));
        Set<String> volatilePaths = new LinkedHashSet<>();
        noise.differences.forEach(d -> volatilePaths.add(d.path()));
        Walk walk = new Walk(volatilePaths, MAX_DIFFERENCES);
        walk.compare(hearth, legacy, Path.ROOT);
        return new Comparison(walk.differences, volatilePaths, walk.truncated || noise.truncated);
    }

    /** One walk over two trees, collecting their differences up to {@code limit}, skipping volatile paths. */
    private final class Walk {
        final Set<String> volatilePaths;
        final int limit;
        final List<Difference> differences = new ArrayList<>();
        boolean truncated;

        Walk(Set<String> volatilePaths, int limit) {
            this.volatilePaths = volatilePaths;
            this.limit = limit;
        }

        void compare(JsonNode a, JsonNode b, Path path) {
            if (truncated || volatilePaths.contains(path.text()) || ignore.stream().anyMatch(p -> p.matches(path.steps()))) {
                return;
            }
            if (a.isMissingNode() || b.isMissingNode() || path.steps().size() >= MAX_DEPTH) {
                differIf(!a.equals(b), path, a, b);
            } else if (a.isNumber() && b.isNumber()) {
                differIf(!sameNumber(a, b), path, a, b);
            } else if (a.getNodeType() != b.getNodeType()) {
                differ(path, a, b);
            } else if (a.isObject()) {
                a.properties().forEach(f -> compare(f.getValue(), b.path(f.getKey()), path.field(f.getKey())));
                b.properties().stream().filter(f -> !a.has(f.getKey()))
                        .forEach(f -> compare(MissingNode.getInstance(), f.getValue(), path.field(f.getKey())));
            } else if (a.isArray()) {
                compareLists(a, b, path);
            } else {
                differIf(!a.equals(b), path, a, b);
            }
        }

        private void compareLists(JsonNode a, JsonNode b, Path path) {
            String keyField = listKeys.entrySet().stream().filter(rule -> rule.getKey().matches(path.steps()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            Map<String, JsonNode> keyedA = keyed(a, keyField);
            Map<String, JsonNode> keyedB = keyed(b, keyField);
            if (keyedA != null && keyedB != null) {
                boolean named = namedLists.stream().anyMatch(p -> p.matches(path.steps()));
                keyedA.forEach((key, item) -> compare(item, keyedB.getOrDefault(key, MissingNode.getInstance()),
                        path.item(key, named)));
                keyedB.forEach((key, item) -> {
                    if (!keyedA.containsKey(key)) {
                        compare(MissingNode.getInstance(), item, path.item(key, named));
                    }
                });
            } else if (a.size() != b.size()) {
                differ(path, a, b);
            } else {
                for (int i = 0; i < a.size(); i++) {
                    compare(a.get(i), b.get(i), path.item("#" + i, false));
                }
            }
        }

        private void differIf(boolean differs, Path path, JsonNode a, JsonNode b) {
            if (differs) {
                differ(path, a, b);
            }
        }

        private void differ(Path path, JsonNode a, JsonNode b) {
            if (differences.size() == limit) {
                truncated = true;
            } else {
                differences.add(new Difference(path.text(), path.group(), show(a), show(b)));
            }
        }
    }

    /** The list's items by their key, in order; null when not every item is an object with its own key. */
    private static Map<String, JsonNode> keyed(JsonNode list, String keyField) {
        if (keyField == null) {
            return null;
        }
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : list) {
            JsonNode key = item.get(keyField);
            if (key == null || !(key.isTextual() || key.isIntegralNumber()) || items.put(key.asText(), item) != null) {
                return null;
            }
        }
        return items;
    }

    private boolean sameNumber(JsonNode a, JsonNode b) {
        if (!finite(a) || !finite(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        BigDecimal x = a.decimalValue();
        BigDecimal y = b.decimalValue();
        // With a MathContext, subtract stays cheap even for 1E+999999999 - 1.
        return x.compareTo(y) == 0 || x.subtract(y, MathContext.DECIMAL64).abs().compareTo(tolerance) <= 0;
    }

    private static boolean finite(JsonNode number) {
        return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
    }

    private static String show(JsonNode value) {
        if (value.isMissingNode()) {
            return Difference.ABSENT;
        }
        String json = value.toString();
        if (json.length() <= MAX_VALUE_CHARS) {
            return json;
        }
        int end = Character.isHighSurrogate(json.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return json.substring(0, end) + "…";
    }

    /** Where a node is: its steps, its path and its group (see {@link Difference}). */
    private record Path(List<Step> steps, String text, String group) {
        static final Path ROOT = new Path(List.of(), "", "");

        Path field(String name) {
            String dot = text.isEmpty() ? "" : ".";
            return new Path(append(new Step(false, name)), text + dot + name, group + dot + name);
        }

        Path item(String name, boolean keepInGroup) {
            return new Path(append(new Step(true, name)), text + "[" + name + "]",
                    group + "[" + (keepInGroup ? name : PathPattern.WILDCARD) + "]");
        }

        private List<Step> append(Step step) {
            List<Step> longer = new ArrayList<>(steps);
            longer.add(step);
            return longer;
        }
    }
}
