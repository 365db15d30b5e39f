package dev.hearth.home.application.port.in;

/**
 * The customer the token names is not known to the bank: core banking (or, for a customer the rollout sends there,
 * the legacy home) answered "not found" for them. The token is valid; there is no home to show. An answer, not a
 * downstream failure: it is counted as "not found", weighs on no health check or circuit breaker, and the home does
 * not fall back to legacy for it.
 */
public final class UnknownCustomerException extends RuntimeException {
    public UnknownCustomerException() {
        super("The bank does not know the customer this token names, so there is no home for them here. The token "
                + "is valid: another token for the same customer will not help.", null, false, false);
    }
}
