package dev.hearth.ports.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An experiment running on a screen (docs/adr/029-experiments.md): two or more arms, each a variant of the screen by
 * name ({@code default} for the screen's own sections), with whole percentages summing to 100. Which arm a customer
 * is in is a sticky function of their id and the experiment's name alone ({@link #bucket}), the same on every
 * instance and after every restart; the rollout's hash is salted differently, so the two are independent.
 *
 * @param version   1 when started, one more for each change of its percentages
 * @param startedAt when it was started; {@code changedAt}: when its percentages last changed (= startedAt at first)
 * @param actor     who made the last change (the vocabulary of {@link RolloutChange})
 */
public record Experiment(String screen, String name, List<Arm> arms, long version, Instant startedAt,
        Instant changedAt, String actor) {
    /** Buckets a customer can fall in: a percentage is 100 of them. */
    public static final int BUCKETS = 10_000;
    /** Names of experiments and arms: short, lower-case, fit for a header and a metric label. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public Experiment {
        Checks.text(screen, "screen");
        if (screen.length() > SectionSwitch.MAX_ID) {
            throw new IllegalArgumentException("screen id is at most " + SectionSwitch.MAX_ID + " characters");
        }
        name(name);
        arms = checkArms(arms);
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, not " + version);
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(changedAt, "changedAt");
        Checks.text(actor, "actor");
    }

    /** One arm: a variant of the screen by name, and the share of customers in it (0 to 100). */
    public record Arm(String variant, int percent) {
        public Arm {
            Objects.requireNonNull(variant, "variant");
            if (!NAME.matcher(variant).matches()) {
                throw new IllegalArgumentException("arm '" + variant + "' is no variant name (lower-case letters, "
                        + "digits and '-', at most 40; 'default' for the screen's own sections)");
            }
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("arm '" + variant + "' has " + percent + "%; a percentage is a "
                        + "whole number from 0 to 100");
            }
        }

        @Override
        public String toString() {
            return variant + ":" + percent;
        }
    }

    /** {@code name} if it is a valid experiment name, else an exception saying what one is. */
    public static String name(String name) {
        Objects.requireNonNull(name, "experiment name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("experiment name '" + (name.length() > 50 ? name.substring(0, 50) + "…"
                    : name) + "' must be lower-case letters, digits and '-' (at most 40), e.g. new-banners-2026-12: "
                    + "it goes into a response header");
        }
        return name;
    }

    /**
     * {@code control:50,new-banners:50} as arms, in the order given (the order fixes each arm's range of buckets).
     *
     * @throws IllegalArgumentException naming what is wrong: the form, a percentage, a name twice, fewer than two
     *                                  arms, or percentages that do not sum to 100
     */
    public static List<Arm> parseArms(String text) {
        Objects.requireNonNull(text, "arms");
        List<Arm> arms = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int colon = p.lastIndexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("arms are variant:percent separated by commas, e.g. "
                        + "arms=default:50,new-banners:50; not '" + p + "'");
            }
            String percent = p.substring(colon + 1).strip();
            if (!percent.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("the percentage of arm '" + p.substring(0, colon).strip()
                        + "' must be a whole number from 0 to 100, not '" + percent + "'");
            }
            arms.add(new Arm(p.substring(0, colon).strip(), Integer.parseInt(percent)));
        }
        return checkArms(arms);
    }

    private static List<Arm> checkArms(List<Arm> arms) {
        Objects.requireNonNull(arms, "arms");
        if (arms.size() < 2) {
            throw new IllegalArgumentException("an experiment needs two or more arms, e.g. "
                    + "arms=default:50,new-banners:50 (the default is the control); got " + arms.size());
        }
        Set<String> seen = new HashSet<>();
        for (Arm arm : arms) {
            if (!seen.add(arm.variant())) {
                throw new IllegalArgumentException("arm '" + arm.variant() + "' is named twice; each arm once");
            }
        }
        int sum = arms.stream().mapToInt(Arm::percent).sum();
        if (sum != 100) {
            throw new IllegalArgumentException("the arms' percentages sum to " + sum + ", not 100: " + format(arms));
        }
        return List.copyOf(arms);
    }

    /** {@code default:50,new-banners:50}. */
    public static String format(List<Arm> arms) {
        return arms.stream().map(Arm::toString).collect(Collectors.joining(","));
    }

    /**
     * The customer's bucket in the experiment {@code name}, 0 to 9,999: the first 8 bytes of SHA-256 of the
     * experiment's name and the customer's id, modulo {@value #BUCKETS}. The same on every instance, JVM and release;
     * another experiment (another name) or the rollout puts the same customer elsewhere.
     */
    public static int bucket(String name, CustomerId customer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("hearth-experiment:" + name + ":" + customer.value()).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The arm {@code customer} is in: the arms cover the buckets in their order, each {@code percent * 100} of them,
     * so a change of percentages (in the same order) moves only the customers whose bucket changed arm.
     */
    public Arm arm(CustomerId customer) {
        int bucket = bucket(name, customer);
        int upTo = 0;
        for (Arm arm : arms) {
            upTo += arm.percent() * (BUCKETS / 100);
            if (bucket < upTo) {
                return arm;
            }
        }
        return arms.getLast(); // unreachable: the percentages sum to 100
    }

    /** The arm named {@code variant}, if the experiment has it. */
    public Optional<Arm> arm(String variant) {
        return arms.stream().filter(a -> a.variant().equals(variant)).findFirst();
    }

    /**
     * {@code wanted}'s percentages in this experiment's order of arms (so only the customers that must move do).
     *
     * @throws IllegalArgumentException unless {@code wanted} names the same arms
     */
    public List<Arm> reordered(List<Arm> wanted) {
        Set<String> mine = arms.stream().map(Arm::variant).collect(Collectors.toSet());
        Set<String> theirs = wanted.stream().map(Arm::variant).collect(Collectors.toSet());
        if (!mine.equals(theirs)) {
            throw new IllegalArgumentException("experiment '" + name + "' has the arms " + arms.stream()
                    .map(Arm::variant).toList() + "; a change gives new percentages to the same arms (to try other "
                    + "variants, stop it and start another)");
        }
        return checkArms(arms.stream().map(a -> wanted.stream().filter(w -> w.variant().equals(a.variant()))
                .findFirst().orElseThrow()).toList());
    }

    /** The same experiment with {@code newArms}, one version on, changed at {@code at} by {@code by}. */
    public Experiment changed(List<Arm> newArms, Instant at, String by) {
        return new Experiment(screen, name, newArms, version + 1, startedAt, at, by);
    }

    /** One line for the log and a task's answer. */
    public String describe() {
        return "experiment '" + name + "' on screen '" + screen + "': " + format(arms) + " (since " + startedAt
                + ", version " + version + ", last by " + actor + " at " + changedAt + ")";
    }
}
