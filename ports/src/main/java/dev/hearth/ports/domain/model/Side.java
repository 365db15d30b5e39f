package dev.hearth.ports.domain.model;

/** Who answered a home request; the value of the {@value #HEADER} response header. */
public enum Side {
    /** Hearth built the screen. */
    HEARTH("hearth"),
    /** The customer is routed to the legacy home (not in the rollout); its answer passes through unchanged. */
    LEGACY("legacy"),
    /** The customer is in the rollout but Hearth could not build the screen; the legacy home answered instead. */
    LEGACY_FALLBACK("legacy-fallback");

    /** The response header that says who served the home screen. */
    public static final String HEADER = "X-Hearth-Served-By";

    private final String label;

    Side(String label) {
        this.label = label;
    }

    /** As in the header and in logs: {@code hearth}, {@code legacy}, {@code legacy-fallback}. */
    public String label() {
        return label;
    }
}
