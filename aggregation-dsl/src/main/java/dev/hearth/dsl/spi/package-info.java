/**
 * Extension points of the engine: time and scheduling, failure classification, execution listeners, and the store
 * of last good values behind {@code freshness} and {@code fallback: { stale: ... }}.
 */
package dev.hearth.dsl.spi;
