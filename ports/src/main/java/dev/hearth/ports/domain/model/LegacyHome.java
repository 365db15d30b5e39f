package dev.hearth.ports.domain.model;

/** The legacy monolith's home screen, as the raw JSON document it answered; passed through unchanged. */
public record LegacyHome(String json) {
    public LegacyHome {
        Checks.text(json, "json");
    }
}
