package dev.hearth.home.migration.plan;

import java.util.Objects;

/** What the {@link Gates} say of the fleet's figures: advance, hold for more samples, or roll back. Immutable. */
public sealed interface Verdict {
    /** One line for a person: the figures and what they mean. */
    String says();

    /** Every gate held, each with enough samples. */
    record Advance(String says) implements Verdict {
        public Advance {
            Objects.requireNonNull(says, "says");
        }
    }

    /** Too few samples to judge some gate (and none failed); {@code says} how many of how many. */
    record Hold(String says) implements Verdict {
        public Hold {
            Objects.requireNonNull(says, "says");
        }
    }

    /**
     * A gate failed: its name ({@code fallback}, {@code mismatch}, {@code p99}) and {@code says}: its figures, its
     * threshold and, for the mismatch gate, the worst section.
     */
    record RollBack(String gate, String says) implements Verdict {
        public RollBack {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(says, "says");
        }
    }
}
