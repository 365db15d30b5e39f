package dev.hearth.ports.domain.model;

/** The life-cycle state of a card. */
public enum CardStatus {
    ACTIVE, BLOCKED, EXPIRED
}
