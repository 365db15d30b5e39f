package dev.hearth.dsl;

/** Why a section, item or field is degraded. */
public enum Reason { TIMEOUT, ERROR, CIRCUIT_OPEN, BULKHEAD_FULL, BAD_RESPONSE, DEPENDENCY_FAILED }
