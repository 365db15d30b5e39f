package dev.hearth.dsl.internal;

import dev.hearth.dsl.Field;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import java.util.List;

/**
 * When a section that takes its input from section {@code X} ({@code from: { section: X }} or
 * {@code from: { each: X }}) may start. Dependents are given X's port values, never its fields' values (those are
 * only shown), so a dependent reads X's fields only where the fields decide what its input is: when X is a list
 * (a list port, or a fan-out) with a required field, an item whose required field fails is left out of the list, so
 * the list (and the fan-out calls over it) is known only once every item's fields are done. Then the dependent
 * starts when X is done, fields included. Otherwise it starts as soon as X's own call(s) answered; whether X still
 * fails through a required field of its single item is settled when X is done, and if it does the dependent is
 * DEPENDENCY_FAILED as if it had never started.
 *
 * <p>Decided once per section when the screen is compiled ({@link SectionGraph}); no request asks again.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Whether a section taking its input from {@code from} (whose port is {@code port}) waits for its fields. */
    public static boolean waitsForFields(Section from, PortDefinition<?, ?, ?> port) {
        return isList(from, port) && from.fields().stream().anyMatch(Field::isRequired);
    }

    private static boolean isList(Section s, PortDefinition<?, ?, ?> port) {
        return s.from() instanceof Source.Each || port.elementType().isPresent()
                || List.class.isAssignableFrom(port.outputType());
    }
}
