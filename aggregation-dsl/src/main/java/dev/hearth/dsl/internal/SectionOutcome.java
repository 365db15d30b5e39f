package dev.hearth.dsl.internal;

import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.SectionResult;

/** A section's result, the raw data its dependents take (null when it has none) and, if required, its failure. */
record SectionOutcome(SectionResult result, Object raw, ScreenFailure failure) {
}
