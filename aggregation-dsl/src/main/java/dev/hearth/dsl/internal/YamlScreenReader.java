package dev.hearth.dsl.internal;

import dev.hearth.dsl.Fallback;
import dev.hearth.dsl.Field;
import dev.hearth.dsl.Origin;
import dev.hearth.dsl.Problem;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.ScreenDefinitionException;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import dev.hearth.dsl.Variant;
import dev.hearth.dsl.VersionRange;
import java.io.StringReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one screen file through SnakeYAML's node tree, so every problem carries its line. Collects every shape
 * problem of the file before giving up. Semantic checks (ports, types, cycles) are the validator's.
 */
public final class YamlScreenReader {
    public static final List<String> SCREEN_KEYS = List.of("screen", "budget", "sections", "variants");
    public static final List<String> SECTION_KEYS =
            List.of("id", "port", "from", "required", "optional", "deadline", "fallback", "fields", "freshness");
    public static final List<String> FIELD_KEYS = List.of("port", "required", "optional", "deadline", "fallback");
    /** The mapping forms of {@code from} (besides the scalar {@code customer}). */
    public static final List<String> FROM_KEYS = List.of("section", "each", "param");
    /** The mapping forms of {@code fallback} (besides the scalars {@code empty} and {@code omit}). */
    public static final List<String> FALLBACK_KEYS = List.of("value", "stale");
    public static final List<String> VARIANT_KEYS = List.of("name", "when", "priority", "remove", "override", "add");
    public static final List<String> WHEN_KEYS = List.of("platform", "appVersion", "experiment");

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    /** The mapping of each section of the screen, by id: what a variant's {@code override} changes keys of. */
    private final Map<String, MappingNode> sectionNodes = new LinkedHashMap<>();

    private YamlScreenReader(String file) {
        this.file = file;
    }

    /** The screen in {@code text}, or a ScreenDefinitionException listing every problem with its line. */
    public static Screen read(String file, String text) {
        YamlScreenReader reader = new YamlScreenReader(file);
        Optional<Screen> screen = reader.document(text);
        if (!reader.problems.isEmpty() || screen.isEmpty()) {
            throw new ScreenDefinitionException(reader.problems);
        }
        return screen.get();
    }

    private Optional<Screen> document(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(Optional.of(new Origin(file, mark == null ? 1 : mark.getLine() + 1)),
                    "YAML syntax error: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"),
                    "check the indentation and quoting on this line and the one before"));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new Problem(Optional.of(new Origin(file, 1)), "YAML error: " + e.getMessage(),
                    "a screen file holds one YAML document"));
            return Optional.empty();
        }
        if (root == null) {
            problems.add(new Problem(Optional.of(new Origin(file, 1)), "the file is empty",
                    "start with `screen: <id>`, `budget: 800ms` and a list of `sections:`"));
            return Optional.empty();
        }
        Map<String, Node> keys = mapping(root, SCREEN_KEYS, "the screen");
        if (keys == null) {
            return Optional.empty();
        }
        String id = requiredText(keys, "screen", root, "the file", "add `screen: <id>`, e.g. `screen: home`");
        Duration budget = keys.containsKey("budget") ? duration(keys.get("budget"), "budget") : null;
        if (!keys.containsKey("budget")) {
            problem(root, "screen '" + id + "' has no budget", "add `budget: 800ms`: the most the whole screen may take");
        }
        List<Section> sections = new ArrayList<>();
        Node list = keys.get("sections");
        if (list == null) {
            problem(root, "screen '" + id + "' has no sections", "add `sections:` with a list of `- id: ... port: ...`");
        } else if (!(list instanceof SequenceNode seq)) {
            problem(list, "`sections` must be a list", "write each section as `- id: ...` on its own line");
        } else {
            for (Node item : seq.getValue()) {
                section(item).ifPresent(sections::add);
                if (item instanceof MappingNode map) {
                    sectionIdOf(map).ifPresent(sid -> sectionNodes.putIfAbsent(sid, map));
                }
            }
        }
        List<Variant> variants = new ArrayList<>();
        Node variantList = keys.get("variants");
        if (variantList != null && !(variantList instanceof SequenceNode)) {
            problem(variantList, "`variants` must be a list",
                    "write each variant as `- name: ...` with `when:` and `remove:`, `override:` or `add:`");
        } else if (variantList != null) {
            for (Node item : ((SequenceNode) variantList).getValue()) {
                variant(item).ifPresent(variants::add);
            }
        }
        if (!problems.isEmpty() || id == null || budget == null) {
            return Optional.empty();
        }
        Screen.Builder screen = Screen.builder(id).budget(budget).origin(origin(root));
        keys.forEach((k, v) -> screen.origin(k, origin(v)));
        sections.forEach(screen::section);
        variants.forEach(screen::variant);
        return Optional.of(screen.build());
    }

    private Optional<Variant> variant(Node node) {
        int before = problems.size();
        Map<String, Node> keys = mapping(node, VARIANT_KEYS, "a variant");
        if (keys == null) {
            return Optional.empty();
        }
        String name = requiredText(keys, "name", node, "a variant",
                "add `name: <name>`, e.g. `name: legacy-apps`: responses and metrics say which variant answered");
        String label = "variant '" + (name == null ? "?" : name) + "'";
        Variant.Builder b = Variant.builder(name == null ? "?" : name).origin(origin(node));
        keys.forEach((k, v) -> b.origin(k, origin(v)));
        if (!keys.containsKey("when")) {
            problem(node, label + " has no `when`", "say which apps it is for: `when: { platform: ios }`, "
                    + "`when: { appVersion: \"<2.0\" }` or both");
        } else {
            Map<String, Node> when = mapping(keys.get("when"), WHEN_KEYS, "`when` of " + label);
            if (when != null) {
                if (when.containsKey("experiment")) {
                    Node e = when.get("experiment");
                    if (e instanceof ScalarNode n && Tag.BOOL.equals(n.getTag()) && n.getValue().equals("true")) {
                        b.experimentOnly();
                    } else {
                        problem(e, "`experiment` of " + label + " can only be `true`",
                                "`when: { experiment: true }`: the variant is served only as an experiment's arm "
                                        + "(POST /tasks/experiment-start); leave it out otherwise");
                    }
                }
                if (when.containsKey("platform")) {
                    String platform = text(when.get("platform"), "`platform` of " + label);
                    if (platform != null && !platform.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
                        problem(when.get("platform"), "platform '" + platform + "' of " + label + " is not a platform name",
                                "write the name apps send in X-App-Platform, e.g. `ios` or `android`");
                    } else if (platform != null) {
                        b.platform(platform);
                    }
                }
                if (when.containsKey("appVersion")) {
                    Node range = when.get("appVersion");
                    if (!(range instanceof ScalarNode r) || Tag.NULL.equals(r.getTag())) {
                        problem(range, "`appVersion` of " + label + " must be a version range", VersionRange.FORM);
                    } else {
                        try {
                            b.appVersion(VersionRange.parse(r.getValue()));
                        } catch (IllegalArgumentException e) {
                            problem(range, "bad version range of " + label + ": " + e.getMessage(),
                                    VersionRange.FORM + "; quote it: `appVersion: \">=2.0\"`");
                        }
                    }
                }
            }
        }
        if (keys.containsKey("priority")) {
            Node p = keys.get("priority");
            if (p instanceof ScalarNode n && Tag.INT.equals(n.getTag()) && n.getValue().matches("-?\\d{1,9}")) {
                b.priority(Integer.parseInt(n.getValue()));
            } else {
                problem(p, "`priority` of " + label + " must be a whole number",
                        "e.g. `priority: 2`: of two variants that match one app, the higher answers");
            }
        }
        if (keys.containsKey("remove")) {
            Node list = keys.get("remove");
            if (list instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    String id = text(item, "an id in `remove` of " + label);
                    if (id != null) {
                        b.remove(id);
                    }
                }
            } else {
                problem(list, "`remove` of " + label + " must be a list of section ids", "e.g. `remove: [openBanking]`");
            }
        }
        if (keys.containsKey("override")) {
            sectionList(keys.get("override"), "override", label).forEach(item -> {
                if (!(item instanceof MappingNode changes)) {
                    problem(item, "an `override` of " + label + " must be a mapping with the section's `id`",
                            "e.g. `- { id: banners, deadline: 200ms }`: the keys given replace the section's own");
                    return;
                }
                Map<String, Node> changed = mapping(changes, SECTION_KEYS, "an `override` of " + label);
                if (changed == null) {
                    return;
                }
                String id = requiredText(changed, "id", changes, "an `override` of " + label,
                        "add `id: <section id>`: the section of the screen it changes");
                if (id == null) {
                    return;
                }
                MappingNode base = sectionNodes.get(id);
                if (changed.size() == 1) {
                    problem(changes, "the `override` of section '" + id + "' in " + label + " changes nothing",
                            "give the keys that change for these apps, e.g. `- { id: " + id + ", deadline: 200ms }`");
                } else if (base == null) {
                    problem(changed.get("id"), label + " overrides unknown section '" + id + "'",
                            Suggestions.hint(id, sectionNodes.keySet(), "sections") + "; to show a new section, `add:` it");
                } else {
                    section(merged(base, changes, changed.keySet())).ifPresent(b::override);
                }
            });
        }
        if (keys.containsKey("add")) {
            sectionList(keys.get("add"), "add", label).forEach(item -> section(item).ifPresent(b::add));
        }
        return problems.size() == before && name != null ? Optional.of(b.build()) : Optional.empty();
    }

    private List<Node> sectionList(Node node, String key, String label) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(node, "`" + key + "` of " + label + " must be a list of sections",
                "write each as `- id: ...` on its own line, indented under `" + key + ":`");
        return List.of();
    }

    /**
     * A section's mapping with the keys of an override replacing its own; stating {@code required} or
     * {@code optional} replaces both. The result starts where the override does; each key keeps its own line.
     */
    private static MappingNode merged(MappingNode base, MappingNode changes, Set<String> changed) {
        boolean restatesKind = changed.contains("required") || changed.contains("optional");
        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple t : base.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
            boolean kind = key.equals("required") || key.equals("optional");
            if (!changed.contains(key) && !(kind && restatesKind)) {
                tuples.add(t);
            }
        }
        tuples.addAll(changes.getValue());
        return new MappingNode(Tag.MAP, true, tuples, changes.getStartMark(), changes.getEndMark(),
                changes.getFlowStyle());
    }

    private Optional<Section> section(Node node) {
        int before = problems.size();
        Map<String, Node> keys = mapping(node, SECTION_KEYS, "a section");
        if (keys == null) {
            return Optional.empty();
        }
        String id = requiredText(keys, "id", node, "a section", "add `id: <name>`; other sections refer to it");
        String label = "section '" + (id == null ? "?" : id) + "'";
        String port = requiredText(keys, "port", node, label, "add `port: <name>`: the port this section calls");
        Section.Builder b = id == null ? null : Section.builder(id);
        Consumer<Consumer<Section.Builder>> set = action -> {
            if (b != null) {
                action.accept(b);
            }
        };
        set.accept(s -> s.origin(origin(node)));
        keys.forEach((k, v) -> set.accept(s -> s.origin(k, origin(v))));
        if (port != null) {
            set.accept(s -> s.port(port));
        }
        if (keys.containsKey("from")) {
            source(keys.get("from"), label).ifPresent(src -> set.accept(s -> s.from(src)));
        }
        if (keys.containsKey("required") && flag(keys.get("required"), "required", "optional")) {
            set.accept(Section.Builder::required);
        }
        if (keys.containsKey("optional") && flag(keys.get("optional"), "optional", "required")) {
            set.accept(Section.Builder::optional);
        }
        if (keys.containsKey("deadline")) {
            Duration d = duration(keys.get("deadline"), "deadline of " + label);
            if (d != null) {
                set.accept(s -> s.deadline(d));
            }
        }
        if (keys.containsKey("fallback")) {
            fallback(keys.get("fallback"), label).ifPresent(f -> set.accept(s -> s.fallback(f)));
        }
        if (keys.containsKey("freshness")) {
            Duration d = duration(keys.get("freshness"), "freshness of " + label);
            if (d != null) {
                set.accept(s -> s.freshness(d));
            }
        }
        if (keys.containsKey("fields")) {
            fields(keys.get("fields"), label).forEach(f -> set.accept(s -> s.field(f)));
        }
        return problems.size() == before && b != null && port != null ? Optional.of(b.build()) : Optional.empty();
    }

    private static Optional<String> sectionIdOf(MappingNode map) {
        return map.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id"))
                .map(NodeTuple::getValueNode).filter(ScalarNode.class::isInstance)
                .map(n -> ((ScalarNode) n).getValue()).findFirst();
    }

    private List<Field> fields(Node node, String section) {
        List<Field> fields = new ArrayList<>();
        if (!(node instanceof MappingNode map)) {
            problem(node, "`fields` of " + section + " must be a mapping of field names",
                    "write `fields:` then one line per field, e.g. `balance: { port: balance, optional: true }`");
            return fields;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (name == null) {
                problem(t.getKeyNode(), "a field name of " + section + " must be a plain word", "e.g. `balance:`");
                continue;
            }
            if (seen.containsKey(name)) {
                problem(t.getKeyNode(), "field '" + name + "' of " + section + " is declared twice (first on line "
                        + line(seen.get(name)) + ")", "give each field its own name");
                continue;
            }
            seen.put(name, t.getKeyNode());
            field(name, t.getKeyNode(), t.getValueNode(), section).ifPresent(fields::add);
        }
        return fields;
    }

    private Optional<Field> field(String name, Node keyNode, Node node, String section) {
        int before = problems.size();
        String label = "field '" + name + "' of " + section;
        Map<String, Node> keys = mapping(node, FIELD_KEYS, label);
        if (keys == null) {
            return Optional.empty();
        }
        String port = requiredText(keys, "port", node, label, "add `port: <name>`: the port that computes this field");
        Field.Builder b = Field.builder(name).origin(origin(keyNode));
        keys.forEach((k, v) -> b.origin(k, origin(v)));
        if (port != null) {
            b.port(port);
        }
        if (keys.containsKey("required") && flag(keys.get("required"), "required", "optional")) {
            b.required();
        }
        if (keys.containsKey("optional") && flag(keys.get("optional"), "optional", "required")) {
            b.optional();
        }
        if (keys.containsKey("deadline")) {
            Duration d = duration(keys.get("deadline"), "deadline of " + label);
            if (d != null) {
                b.deadline(d);
            }
        }
        if (keys.containsKey("fallback")) {
            fallback(keys.get("fallback"), label).ifPresent(b::fallback);
        }
        return problems.size() == before && port != null ? Optional.of(b.build()) : Optional.empty();
    }

    private Optional<Source> source(Node node, String section) {
        String hint = "write `from: customer`, `from: { section: <id> }`, `from: { each: <id> }` or `from: { param: <name> }`";
        if (node instanceof ScalarNode s) {
            if (s.getValue().equals("customer")) {
                return Optional.of(Source.customer());
            }
            problem(node, "`from: " + s.getValue() + "` of " + section + " is not an input", hint);
            return Optional.empty();
        }
        Map<String, Node> keys = mapping(node, FROM_KEYS, "`from` of " + section);
        if (keys == null) {
            return Optional.empty();
        }
        if (keys.size() != 1) {
            problem(node, "`from` of " + section + " must name exactly one input, found " + keys.keySet(), hint);
            return Optional.empty();
        }
        var entry = keys.entrySet().iterator().next();
        String name = text(entry.getValue(), "`from: { " + entry.getKey() + ": ... }` of " + section);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(switch (entry.getKey()) {
            case "section" -> Source.section(name);
            case "each" -> Source.each(name);
            default -> Source.param(name);
        });
    }

    private Optional<Fallback> fallback(Node node, String owner) {
        String hint = "write `fallback: empty`, `fallback: omit`, `fallback: { value: <any value> }` "
                + "or `fallback: { stale: 10m }`";
        if (node instanceof ScalarNode s) {
            switch (s.getValue()) {
                case "empty":
                    return Optional.of(Fallback.empty());
                case "omit":
                    return Optional.of(Fallback.omit());
                case "stale":
                    problem(node, "`fallback: stale` of " + owner + " does not say how old a value may be",
                            "write `fallback: { stale: 10m }`: the last good value if it is at most 10 minutes old");
                    return Optional.empty();
                default:
                    problem(node, "`fallback: " + s.getValue() + "` of " + owner + " is not a fallback", hint);
                    return Optional.empty();
            }
        }
        Map<String, Node> keys = mapping(node, FALLBACK_KEYS, "`fallback` of " + owner);
        if (keys == null) {
            return Optional.empty();
        }
        if (keys.size() != 1) {
            problem(node, "`fallback` of " + owner + (keys.isEmpty() ? " is empty" : " must be one fallback, found "
                    + keys.keySet()), hint);
            return Optional.empty();
        }
        if (keys.containsKey("stale")) {
            Duration maxAge = duration(keys.get("stale"), "the max age of `fallback: { stale: ... }` of " + owner);
            return maxAge == null ? Optional.empty() : Optional.of(Fallback.stale(maxAge));
        }
        return Optional.of(Fallback.value(value(keys.get("value"))));
    }

    /** A YAML value as plain Java: null, Boolean, Integer/Long/BigInteger, Double, String, List, Map. */
    private static Object value(Node node) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue().stream().map(YamlScreenReader::value).toList();
        }
        if (node instanceof MappingNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                out.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(v.toLowerCase());
        }
        if (Tag.INT.equals(tag)) {
            BigInteger n = new BigInteger(v.replace("_", ""));
            return n.bitLength() < 32 ? (Object) n.intValue() : n.bitLength() < 64 ? (Object) n.longValue() : n;
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    /** The keys of a mapping node, reporting unknown and duplicate keys; null when the node is not a mapping. */
    private Map<String, Node> mapping(Node node, List<String> allowed, String what) {
        if (!(node instanceof MappingNode map)) {
            problem(node, what + " must be a mapping of keys to values", "allowed keys: " + allowed);
            return null;
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if ("freshness".equals(key) && what.startsWith("field ")) {
                problem(t.getKeyNode(), "`freshness` is a section's policy, not a field's (in " + what + ")",
                        "put `freshness:` on the section, or give the field `fallback: { stale: <max age> }` "
                                + "to show its last good value when its port fails");
            } else if (key == null || !allowed.contains(key)) {
                String typed = key == null ? "?" : key;
                problem(t.getKeyNode(), "unknown key '" + typed + "' in " + what,
                        Suggestions.closest(typed, allowed).map(k -> "did you mean '" + k + "'? ").orElse("")
                                + "allowed keys: " + allowed);
            } else if (keys.containsKey(key)) {
                problem(t.getKeyNode(), "key '" + key + "' appears twice in " + what, "keep one of them");
            } else {
                keys.put(key, t.getValueNode());
            }
        }
        return keys;
    }

    private String requiredText(Map<String, Node> keys, String key, Node owner, String what, String hint) {
        if (!keys.containsKey(key)) {
            problem(owner, what + " has no `" + key + "`", hint);
            return null;
        }
        return text(keys.get(key), "`" + key + "` of " + what);
    }

    private String text(Node node, String what) {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) && !s.getValue().isBlank()) {
            return s.getValue();
        }
        problem(node, what + " must be a name", "write a plain word, e.g. `port: balance`");
        return null;
    }

    private Duration duration(Node node, String what) {
        String text = node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
        Optional<Duration> d = node instanceof ScalarNode ? Durations.parse(text) : Optional.empty();
        if (d.isEmpty()) {
            problem(node, "bad duration '" + text + "' for " + what, Durations.HINT);
            return null;
        }
        return d.get();
    }

    /** true for `true`; `false` is a problem (state the other one instead). */
    private boolean flag(Node node, String key, String other) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            if (Boolean.parseBoolean(s.getValue().toLowerCase())) {
                return true;
            }
            problem(node, "`" + key + ": false` does not say what it is", "write `" + other + ": true` instead");
            return false;
        }
        problem(node, "`" + key + "` must be `true`", "write `" + key + ": true` (or `" + other + ": true`)");
        return false;
    }

    private void problem(Node node, String message, String hint) {
        problems.add(new Problem(Optional.of(origin(node)), message, hint));
    }

    private Origin origin(Node node) {
        return new Origin(file, line(node));
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
