package dev.hearth.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's endpoints: one per port, each with the port name faults are injected under, its
 * path and its realistic base latency.
 */
enum Endpoint {
    PROFILE("profile", "/core/customers/{id}/profile", 20),
    ACCOUNTS("accounts", "/core/customers/{id}/accounts", 30),
    BALANCE("balance", "/core/accounts/{id}/balance", 25),
    ACTIVITIES("activities", "/core/accounts/{id}/activities", 35),
    PARTNERSHIP("partnership", "/partners/accounts/{id}/partnership", 30),
    CARD_LIST("cardList", "/cards/customers/{id}/cards", 25),
    CARD_DETAILS("cardDetails", "/cards/cards/{id}", 40),
    /**
     * Many cards' details in one call: {@code GET /cards/cards?ids=c1,c2,...} (at most 500), the cards it knows in
     * {@code cards}, the others left out. Counted and faulted as cardDetails: the same card service.
     */
    CARD_DETAILS_BATCH("cardDetails", "/cards/cards", 45),
    OPEN_BANKING("openBanking", "/openbanking/customers/{id}/balances", 80),
    BANNERS("banners", "/marketing/customers/{id}/banners", 30),
    /** The monolith's own overhead; it also waits for every part it computes, one after another. */
    LEGACY_HOME("legacyHome", "/legacy/customers/{id}/home", 15);

    /** A path matched to its endpoint, with the id it names. */
    record Match(Endpoint endpoint, String id) {
    }

    private final String port;
    private final String path;
    private final Pattern pattern;
    private final Duration baseLatency;

    Endpoint(String port, String path, long baseLatencyMillis) {
        this.port = port;
        this.path = path;
        this.pattern = Pattern.compile(Pattern.quote(path).replace("{id}", "\\E([A-Za-z0-9._-]{1,64})\\Q"));
        this.baseLatency = Duration.ofMillis(baseLatencyMillis);
    }

    String port() {
        return port;
    }

    String path() {
        return path;
    }

    Duration baseLatency() {
        return baseLatency;
    }

    static List<String> portNames() {
        return Arrays.stream(values()).map(Endpoint::port).distinct().toList();
    }

    static Optional<Match> match(String path) {
        for (Endpoint endpoint : values()) {
            Matcher matcher = endpoint.pattern.matcher(path);
            if (matcher.matches()) {
                return Optional.of(new Match(endpoint, matcher.groupCount() > 0 ? matcher.group(1) : ""));
            }
        }
        return Optional.empty();
    }
}
