package dev.hearth.dsl;

import java.util.Objects;

/** Where a section's input comes from. Immutable. */
public sealed interface Source {
    /** The request's customer (the authenticated principal). The default. */
    static Source customer() {
        return new Customer();
    }

    /** Another section's result as a whole. */
    static Source section(String id) {
        return new SectionRef(id);
    }

    /** One call per item of another section's list (fan-out). */
    static Source each(String sectionId) {
        return new Each(sectionId);
    }

    /** A request parameter (a String), e.g. {@code accountId}. */
    static Source param(String name) {
        return new Param(name);
    }

    record Customer() implements Source {
    }

    record SectionRef(String id) implements Source {
        public SectionRef {
            Objects.requireNonNull(id, "section id of Source.section(id)");
        }
    }

    record Each(String sectionId) implements Source {
        public Each {
            Objects.requireNonNull(sectionId, "section id of Source.each(id)");
        }
    }

    record Param(String name) implements Source {
        public Param {
            Objects.requireNonNull(name, "parameter name of Source.param(name)");
        }
    }
}
