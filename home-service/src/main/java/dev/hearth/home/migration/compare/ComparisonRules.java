package dev.hearth.home.migration.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ResponseComparator} compares and how; patterns are in the path syntax its javadoc describes.
 * Immutable and thread-safe; validated on construction.
 *
 * @param ignore           paths never compared; a pattern covers the node it names and everything below it
 * @param numericTolerance the largest absolute difference at which two numbers still count as equal (≥ 0)
 * @param listKeys         list pattern → the field that identifies an item, so those lists are matched by key,
 *                         not position; the first pattern that names a list (in the map's order) applies. A list
 *                         without a rule, or whose items do not all carry a distinct text or integer key, is
 *                         matched by position
 * @param namedLists       keyed lists whose items are different things rather than many of one kind (the home
 *                         screen's {@code sections}): their keys stay in a difference's group. Each must also be
 *                         a key of {@code listKeys}
 */
public record ComparisonRules(List<String> ignore, double numericTolerance, Map<String, String> listKeys,
        Set<String> namedLists) {

    public ComparisonRules {
        Objects.requireNonNull(ignore, "ignore");
        Objects.requireNonNull(listKeys, "listKeys");
        Objects.requireNonNull(namedLists, "namedLists");
        if (!(numericTolerance >= 0) || Double.isInfinite(numericTolerance)) {
            throw new IllegalArgumentException("numericTolerance must be a finite number ≥ 0 (the largest absolute "
                    + "difference of two equal numbers, e.g. 0.001; 0 for exact), but was " + numericTolerance);
        }
        ignore.forEach(pattern -> PathPattern.parse(pattern, "ignore pattern"));
        listKeys.forEach((pattern, key) -> {
            PathPattern.parse(pattern, "listKeys pattern");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("listKeys '" + pattern + "' has a blank key field; name the field "
                        + "that identifies an item of that list, e.g. 'id', or remove the rule to match by position");
            }
        });
        for (String pattern : namedLists) {
            PathPattern.parse(pattern, "namedLists pattern");
            if (!listKeys.containsKey(pattern)) {
                throw new IllegalArgumentException("namedLists '" + pattern + "' has no listKeys rule, so its items "
                        + "have no key to keep; add listKeys '" + pattern + "' → the key field, or remove it here");
            }
        }
        ignore = List.copyOf(ignore);
        listKeys = Collections.unmodifiableMap(new LinkedHashMap<>(listKeys));
        namedLists = Collections.unmodifiableSet(new LinkedHashSet<>(namedLists));
    }

    /** Rules without named lists: every item key is generalised to {@code *} in groups. */
    public ComparisonRules(List<String> ignore, double numericTolerance, Map<String, String> listKeys) {
        this(ignore, numericTolerance, listKeys, Set.of());
    }

    /**
     * Rules for the home screen ({@code {"screen":"home","complete":...,"sections":[{"id":...,"status":...,
     * "data":...}]}}): sections and the items of their lists (accounts, cards, card list, banners) matched by
     * {@code id}, the open banking balances (no id) by position. Ignored: the timestamps that say when a value was
     * fetched ({@code asOf} of a section, of an account's balance, of an open banking balance: Hearth may serve
     * those from its freshness window) and a degraded section's {@code reason} (the legacy monolith has none; the
     * {@code status} still counts), and which {@code variant} of the screen answered (the legacy monolith has none;
     * docs/adr/028-screen-variants.md), nor the {@code experiment} and {@code arm} a customer is in
     * (docs/adr/029-experiments.md). Numbers are equal within 0.001, below a cent.
     */
    public static ComparisonRules homeDefaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("sections", "id");
        keys.put("sections[*].data", "id");
        List<String> ignore = List.of("sections[*].asOf", "sections[*].data[*].balance.asOf", "sections[*].data[*].asOf",
                "sections[*].reason", "variant", "experiment", "arm");
        return new ComparisonRules(ignore, 0.001, keys, Set.of("sections"));
    }
}
