package dev.hearth.home.migration.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.home.migration.compare.PathPattern.Step;
import dev.hearth.ports.domain.model.Difference;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Takes personal data out of a mismatch before it is stored: every value at or below a sensitive path (patterns in
 * {@link ResponseComparator}'s syntax; a pattern covers everything below it, as an ignore pattern does) is replaced by
 * a keyed hash, {@code "hmac:" + 16 hex digits} (HMAC-SHA256 under a secret key, the first 64 bits), so equal values
 * still show as equal and different ones as different, but the value cannot be read back or guessed without the key.
 * A value that cannot be hashed as a whole value, because the comparator cut it short ({@code …}) or its path cannot
 * be read, is masked: {@value #MASKED}. Objects and lists keep their shape with each value inside hashed; {@code null}
 * and {@link Difference#ABSENT} stay as they are (they hold nothing). Values elsewhere are unchanged.
 * docs/adr/024-mismatches-without-personal-data.md.
 *
 * <p>Inside a value (a whole account that is on one side only), any pattern item step matches any item, so a keyed
 * pattern may mask more there, never less. Immutable and thread-safe.
 */
public final class SensitiveValues {
    /** What a hashed value starts with. */
    public static final String HASH_PREFIX = "hmac:";
    /** A value that is hidden without a hash (JSON text, as stored values are). */
    public static final String MASKED = "\"(masked)\"";
    /** The least key length accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALGORITHM = "HmacSHA256";

    private final List<PathPattern> patterns;
    private final SecretKeySpec key;

    /**
     * @throws IllegalArgumentException naming the pattern that is not one, or when the key is shorter than
     *                                  {@value #MIN_KEY_BYTES} bytes
     */
    public SensitiveValues(List<String> patterns, byte[] key) {
        this.patterns = Objects.requireNonNull(patterns, "patterns").stream()
                .map(p -> PathPattern.parse(p, "sensitive pattern")).toList();
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the mismatch key has " + key.length + " bytes; it needs at least "
                    + MIN_KEY_BYTES + " bytes (make one with: openssl rand -base64 48)");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * The home screen's personal data: the customer's name, account and card numbers (masked IBANs and PANs are still
     * a customer's), nicknames, and every amount a customer holds or spends.
     */
    public static List<String> homeDefaults() {
        return List.of(
                "sections[profile].data.displayName",
                "sections[*].data[*].maskedIban",
                "sections[*].data[*].maskedPan",
                "sections[*].data[*].alias",
                "sections[*].data[*].balance",
                "sections[*].data[*].limit",
                "sections[*].data[*].spent",
                "sections[*].data[*].amount");
    }

    public List<String> patterns() {
        return patterns.stream().map(PathPattern::text).toList();
    }

    /** {@code difference} with the values at sensitive paths hashed or masked; its path and group unchanged. */
    public Difference protect(Difference difference) {
        List<Step> path;
        try {
            path = difference.path().isEmpty() ? List.of() : PathPattern.parse(difference.path(), "path").steps();
        } catch (IllegalArgumentException unreadable) {
            return new Difference(difference.path(), difference.group(), masked(difference.hearth()),
                    masked(difference.legacy()));
        }
        return new Difference(difference.path(), difference.group(), protect(path, difference.hearth()),
                protect(path, difference.legacy()));
    }

    /** {@code differences}, each {@link #protect(Difference) protected}. */
    public List<Difference> protect(List<Difference> differences) {
        return differences.stream().map(this::protect).toList();
    }

    /** The keyed hash of {@code text}: {@code hmac:} and the first 16 hex digits of its HMAC-SHA256. */
    public String hash(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private String protect(List<Step> path, String value) {
        if (Difference.ABSENT.equals(value)) {
            return value;
        }
        boolean covered = patterns.stream().anyMatch(p -> covers(p, path, false, path.size()));
        boolean below = !covered && patterns.stream().anyMatch(p -> p.steps().size() > path.size()
                && prefixMatches(p.steps(), path, false));
        if (!covered && !below) {
            return value;
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException cutShort) {
            return MASKED;
        }
        if (node == null) {
            return MASKED;
        }
        return walk(node, new ArrayList<>(path), path.size(), covered).toString();
    }

    /** {@code node} with every scalar hashed where covered; steps past {@code outer} are inside the stored value. */
    private JsonNode walk(JsonNode node, List<Step> path, int outer, boolean covered) {
        boolean here = covered || patterns.stream().anyMatch(p -> covers(p, path, true, outer));
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                path.add(new Step(false, field.getKey()));
                copy.set(field.getKey(), walk(field.getValue(), path, outer, here));
                path.removeLast();
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                path.add(new Step(true, "#" + i));
                copy.add(walk(node.get(i), path, outer, here));
                path.removeLast();
            }
            return copy;
        }
        if (!here || node.isNull()) {
            return node;
        }
        String canonical = node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : node.asText();
        return JsonNodeFactory.instance.textNode(hash(canonical));
    }

    private static String masked(String value) {
        return Difference.ABSENT.equals(value) ? value : MASKED;
    }

    /** Whether {@code pattern} names {@code path} or a node above it; items past {@code outer} match any item step. */
    private static boolean covers(PathPattern pattern, List<Step> path, boolean anyItemInside, int outer) {
        List<Step> steps = pattern.steps();
        if (steps.size() > path.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!stepMatches(steps.get(i), path.get(i), anyItemInside && i >= outer)) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefixMatches(List<Step> steps, List<Step> path, boolean anyItem) {
        for (int i = 0; i < path.size(); i++) {
            if (!stepMatches(steps.get(i), path.get(i), anyItem)) {
                return false;
            }
        }
        return true;
    }

    private static boolean stepMatches(Step want, Step got, boolean anyItem) {
        return want.item() == got.item()
                && (want.name().equals(PathPattern.WILDCARD) || want.name().equals(got.name()) || (anyItem && want.item()));
    }
}
