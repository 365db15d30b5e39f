/**
 * The aggregation DSL and engine: a {@link dev.hearth.dsl.Screen} of {@link dev.hearth.dsl.Section}s, each calling a
 * named {@link dev.hearth.dsl.PortDefinition}, declared in YAML ({@link dev.hearth.dsl.ScreenYaml}) or with Java
 * builders, validated by {@link dev.hearth.dsl.AggregationEngine#compile} and executed concurrently under deadlines.
 * Generic: nothing here knows the domain it aggregates.
 */
package dev.hearth.dsl;
