package dev.hearth.ports.domain.model;

/** The kinds of account core banking holds. */
public enum AccountType {
    CURRENT, SAVINGS, CREDIT, LOAN
}
