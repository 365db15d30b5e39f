/** Extension points of the engine: time and scheduling, failure classification, execution listeners. */
package dev.hearth.dsl.spi;
