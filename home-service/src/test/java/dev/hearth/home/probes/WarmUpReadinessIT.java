package dev.hearth.home.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.home.wiring.HealthModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readiness waits for the warm-up (docs/adr/018-probes-warm-up-and-drain.md): a warm-up too long to finish (100,000
 * homes) keeps the instance unready until its 5-second timeout, then the instance is ready anyway.
 */
class WarmUpReadinessIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().notAwaitingWarmUp()
            .override("warmUp.homes", "100000")
            .override("warmUp.timeout", "5s");

    @Test
    void unreadyWhileWarmingUpThenReadyOnceItEnds() {
        int unreadyWhileWarming = 0;
        while (true) {
            int ready = APP.adminGet("/health-check?type=ready").statusCode();
            if (warmed().get("healthy").asBoolean()) {
                break;
            }
            // not warmed after the probe answered, so not warmed while it answered: it must have been unready
            assertThat(ready).as("readiness while warming up").isEqualTo(503);
            unreadyWhileWarming++;
            ProbesIT.sleep(50);
        }

        assertThat(unreadyWhileWarming).as("probes answered while warming up").isGreaterThanOrEqualTo(3);
        assertThat(warmed().get("message").asText()).startsWith("warm-up gave up after warmUp.timeout 5s: ");
        assertThat(ProbesIT.awaitReady(APP).statusCode()).isEqualTo(200);
        assertThat(APP.adminGet("/health-check?type=alive").statusCode()).isEqualTo(200);
    }

    static JsonNode warmed() {
        return Http.json(APP.adminGet("/healthcheck").body()).get(HealthModule.WARMED);
    }
}
