package dev.hearth.home.wiring;

import jakarta.servlet.Filter;

/** A filter on the admin port, before every servlet under {@code mappings}. */
public record AdminFilter(String name, Filter filter, String... mappings) {
}
