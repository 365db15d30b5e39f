package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.hearth.home.resilience.StubbedDownstreams.POLICIES;
import static dev.hearth.home.testing.Await.awaitTrue;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reload task against the whole application ({@link StubbedDownstreams}, {@link StubbedDownstreams#POLICIES}):
 * the test rewrites the config file the application was started from, and a good change is applied while a bad one is
 * rejected with its reason, with requests succeeding throughout. (Screen-file edits: {@link ScreenFilesIT}.)
 */
class ConfigReloadIT {
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams(POLICIES);
    static final HearthApp APP = STUBS.app;
    static final StubbedDownstreams.Downstream core = STUBS.core;
    static final String BALANCE = "balance: { timeout: 250ms }";

    List<String> balanceReasons() {
        return balanceReasonsOf(APP.json("/v1/home", "alice"));
    }

    @Test
    void reloadAppliesAGoodChangeAndRejectsABadOneWhileRequestsKeepSucceeding() throws Exception {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                statuses.add(APP.timed("/v1/home", "alice").response().statusCode());
            }
        });
        try {
            awaitTrue("requests flow before the reloads", Duration.ofSeconds(20), () -> statuses.size() >= 3);
            // A good change: balance's timeout 250ms -> 20ms, and a key that needs a restart.
            writeConfig(POLICIES.replace(BALANCE, "balance: { timeout: 20ms }"), "latencyScale: 0.2", "latencyScale: 0.3");
            HttpResponse<String> good = APP.reload();
            assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
            assertThat(good.body()).contains("ports.balance: timeout 250ms -> 20ms")
                    .contains("note: sandbox changed in the file but cannot be reloaded");
            core.server.stubFor(get(urlPathMatching("/core/accounts/.*/balance")).atPriority(1)
                    .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + STUBS.sandboxPort).withFixedDelay(60)));
            assertThat(balanceReasons()).as("the new 20 ms timeout is in force (the stub takes 60 ms)").containsOnly("TIMEOUT");

            // A typo: rejected with the reason, the running definition stays.
            writeConfig(POLICIES.replace(BALANCE, "balance: { timout: 1s }"), "", "");
            HttpResponse<String> typo = APP.reload();
            assertThat(typo.statusCode()).isNotEqualTo(200);
            assertThat(typo.body()).contains("reload rejected").contains("timout");

            // An impossible value: rejected naming the key.
            writeConfig(POLICIES.replace("maxAttempts: 10", "maxAttempts: 0"), "", "");
            HttpResponse<String> bad = APP.reload();
            assertThat(bad.statusCode()).isNotEqualTo(200);
            assertThat(bad.body()).contains("ports.profile.retry.maxAttempts");

            // A broken screen file: rejected with file and line.
            writeConfig(POLICIES, "", "");
            Files.writeString(APP.screens().resolve("broken.yml"),
                    "screen: broken\nbudget: 1s\nsections:\n  - id: x\n    port: nope\n    required: true\n");
            HttpResponse<String> broken = APP.reload();
            Files.delete(APP.screens().resolve("broken.yml"));
            assertThat(broken.statusCode()).isNotEqualTo(200);
            assertThat(broken.body()).contains("broken.yml");
            assertThat(balanceReasons()).as("still the 20 ms timeout").containsOnly("TIMEOUT");

            // The running definition was the good one all along: the next change is reported against it.
            writeConfig(POLICIES, "", "");
            HttpResponse<String> back = APP.reload();
            assertThat(back.body()).contains("ports.balance: timeout 20ms -> 250ms");
            assertThat(balanceReasons()).as("60 ms fits 250 ms again, with a wide margin for a loaded machine").isEmpty();
            int during = statuses.size();
            awaitTrue("requests flow after the reloads", Duration.ofSeconds(20), () -> statuses.size() >= during + 3);
        } finally {
            running.set(false);
            load.join(Duration.ofSeconds(10));
        }
        assertThat(statuses).as("requests during the reloads").hasSizeGreaterThanOrEqualTo(6).containsOnly(200);
    }

    /** Writes the config file again with {@code ports} in place of POLICIES, and {@code replace} (if any) replaced. */
    static void writeConfig(String ports, String replace, String with) {
        APP.writeConfig(text -> {
            assertThat(text).endsWith(POLICIES);
            String edited = text.substring(0, text.length() - POLICIES.length()) + ports;
            if (!replace.isEmpty()) {
                assertThat(edited).contains(replace);
                edited = edited.replace(replace, with);
            }
            return edited;
        });
    }

    /** The reasons of the degraded balances of alice's accounts on the home screen. */
    private static List<String> balanceReasonsOf(JsonNode home) {
        JsonNode degraded = section(home, "accounts").path("degraded");
        List<String> reasons = new ArrayList<>();
        for (JsonNode d : degraded) {
            if (d.get("path").asText().endsWith(".balance")) {
                reasons.add(d.get("reason").asText());
            }
        }
        return reasons;
    }
}
