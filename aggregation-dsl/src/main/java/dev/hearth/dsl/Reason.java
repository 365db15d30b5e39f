package dev.hearth.dsl;

/**
 * Why a section, item or field is degraded. {@code DISABLED}: the section is switched off for this request
 * ({@link ScreenRequest#disabled()}, a kill switch), so it made no call; it is {@code OMITTED}.
 */
public enum Reason { TIMEOUT, ERROR, CIRCUIT_OPEN, BULKHEAD_FULL, BAD_RESPONSE, DEPENDENCY_FAILED, DISABLED }
