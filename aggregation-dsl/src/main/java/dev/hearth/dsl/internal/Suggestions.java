package dev.hearth.dsl.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean ...?" for names typed by hand. */
public final class Suggestions {
    private Suggestions() {
    }

    public static Optional<String> closest(String typed, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(typed.toLowerCase(), k.toLowerCase()) <= Math.max(1, Math.min(3, k.length() / 3)))
                .min(Comparator.comparingInt(k -> distance(typed.toLowerCase(), k.toLowerCase())));
    }

    /** "did you mean 'x'? known <what>: [a, b]" or "known <what>: [a, b]". */
    public static String hint(String typed, Collection<String> known, String what) {
        String list = "known " + what + ": " + new TreeSet<>(known);
        return closest(typed, known).map(k -> "did you mean '" + k + "'? " + list).orElse(list);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
