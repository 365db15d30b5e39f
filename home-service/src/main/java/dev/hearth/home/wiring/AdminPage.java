package dev.hearth.home.wiring;

import jakarta.servlet.Servlet;

/** A servlet on the admin port, under {@code mappings}. */
public record AdminPage(String name, Servlet servlet, String... mappings) {
}
