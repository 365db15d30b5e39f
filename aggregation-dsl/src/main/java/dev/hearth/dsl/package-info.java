/**
 * The aggregation DSL and engine: a {@link dev.hearth.dsl.Screen} of {@link dev.hearth.dsl.Section}s, each calling a
 * named {@link dev.hearth.dsl.PortDefinition}, declared in YAML ({@link dev.hearth.dsl.ScreenYaml}) or with Java
 * builders, validated by {@link dev.hearth.dsl.AggregationEngine#compile} and executed concurrently under deadlines.
 * A screen may have {@link dev.hearth.dsl.Variant}s for some apps (platform, {@link dev.hearth.dsl.VersionRange}),
 * each compiled once with it and chosen per request by {@link dev.hearth.dsl.CompiledScreen#select}; a variant
 * for experiments only ({@code when: { experiment: true }}) is chosen by no app, only by name
 * ({@link dev.hearth.dsl.CompiledScreen#variant(String)}) as an experiment's arm, which the host decides.
 * Generic: nothing here knows the domain it aggregates.
 */
package dev.hearth.dsl;
