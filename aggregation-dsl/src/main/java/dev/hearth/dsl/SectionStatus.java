package dev.hearth.dsl;

/** How a section came out. */
public enum SectionStatus { OK, PARTIAL, STALE, FALLBACK, OMITTED, FAILED }
