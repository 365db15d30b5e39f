package dev.hearth.home;

import static dev.hearth.home.testing.Http.body;
import static dev.hearth.home.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.PrometheusText;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Experiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Experiments end to end, over real HTTP through the sandbox and a real database (docs/adr/029-experiments.md): the
 * shipped home.yml plus a variant for experiments only, {@code compact} (home without banners). Started from the admin
 * port, the sandbox's customers get their arm's sections, {@code X-Hearth-Experiment} and {@code X-Hearth-Arm}, and
 * always the same arm; an old app (on its compatibility variant) stays out; a change of percentages moves only the
 * customers it must; stopped, everyone gets the default again; bad input is refused with a 400 saying why.
 */
class ExperimentIT {
    static final String COMPACT = """
              - name: compact                # for experiments only: home without banners
                when: { experiment: true }
                remove: [banners]
            """;
    static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave");
    static final List<String> DEFAULT = List.of("profile", "accounts", "cardList", "cards", "openBanking", "banners");
    static final List<String> WITHOUT_BANNERS = List.of("profile", "accounts", "cardList", "cards", "openBanking");

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().override("screens", ExperimentIT::screens);

    static String screens() {
        try {
            Path dir = Files.createTempDirectory("experiment-screens");
            dir.toFile().deleteOnExit();
            for (String file : List.of("home.yml", "account-detail.yml", "screen.schema.json")) {
                Files.copy(Path.of("..", "screens", file), dir.resolve(file));
            }
            String home = Files.readString(dir.resolve("home.yml"));
            Files.writeString(dir.resolve("home.yml"), home + (home.endsWith("\n") ? "" : "\n") + COMPACT);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A name whose 50/50 split puts the sandbox's four customers in both arms (the split is a fixed function of the
     * name and the id, so this is the same name on every run).
     */
    static String nameSplittingTheCustomers() {
        return IntStream.range(1, 100).mapToObj(i -> "compact-home-" + i)
                .filter(name -> {
                    Experiment e = model(name, "default:50,compact:50");
                    long compact = CUSTOMERS.stream().filter(c -> arm(e, c).equals("compact")).count();
                    return compact >= 1 && compact <= 2;
                })
                .findFirst().orElseThrow();
    }

    static Experiment model(String name, String arms) {
        Instant now = Instant.now();
        return new Experiment("home", name, Experiment.parseArms(arms), 1, now, now, "test");
    }

    static String arm(Experiment e, String customer) {
        return e.arm(new CustomerId(customer)).variant();
    }

    static HttpResponse<String> home(String customer, String version) {
        Map<String, String> headers = new HashMap<>();
        if (version != null) {
            headers.put("X-App-Version", version);
        }
        return APP.get("/v1/home", customer, headers);
    }

    static List<String> sections(JsonNode screen) {
        List<String> ids = new ArrayList<>();
        screen.get("sections").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    static Map<String, String> params(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return params;
    }

    /** Each customer's arm as served (three times each, the same every time), checked against what it shows. */
    static Map<String, String> servedArms(String name) {
        Map<String, String> arms = new LinkedHashMap<>();
        for (String customer : CUSTOMERS) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = home(customer, "2.1");
                JsonNode screen = body(response, 200);
                String arm = header(response, "X-Hearth-Arm");
                assertThat(header(response, "X-Hearth-Experiment")).as(customer).isEqualTo(name);
                assertThat(screen.get("experiment").asText()).isEqualTo(name);
                assertThat(screen.get("arm").asText()).isEqualTo(arm);
                assertThat(screen.get("variant").asText()).isEqualTo(arm);
                assertThat(sections(screen)).as(customer + " in " + arm)
                        .isEqualTo(arm.equals("compact") ? WITHOUT_BANNERS : DEFAULT);
                String first = arms.putIfAbsent(customer, arm);
                assertThat(first == null ? arm : first).as(customer + ": the same arm every time").isEqualTo(arm);
            }
        }
        return arms;
    }

    static void assertNoExperiment(String customer) {
        HttpResponse<String> response = home(customer, null);
        JsonNode screen = body(response, 200);
        assertThat(response.headers().firstValue("X-Hearth-Arm")).as(customer).isEmpty();
        assertThat(response.headers().firstValue("X-Hearth-Experiment")).isEmpty();
        assertThat(screen.has("arm")).isFalse();
        assertThat(screen.has("experiment")).isFalse();
        assertThat(screen.get("variant").asText()).isEqualTo("default");
        assertThat(sections(screen)).isEqualTo(DEFAULT);
    }

    static double armRequests(String arm) {
        return PrometheusText.sample(APP.prometheus(), "hearth_screen_arm_requests_total", "screen", "home", "arm", arm,
                "outcome", "complete").orElse(0.0)
                + PrometheusText.sample(APP.prometheus(), "hearth_screen_arm_requests_total", "screen", "home", "arm",
                arm, "outcome", "degraded").orElse(0.0);
    }

    @Test
    void startedCustomersGetTheirStickyArmChangedOnlyTheNeededMoveStoppedEveryoneGetsTheDefault() {
        CUSTOMERS.forEach(ExperimentIT::assertNoExperiment);
        String name = nameSplittingTheCustomers();

        String started = APP.task("experiment-start", params("screen", "home", "name", name, "arms",
                "default:50,compact:50", "reason", "PROD-12 a compact home", "by", "alice"));
        assertThat(started).contains("started: experiment '" + name + "' on screen 'home': default:50,compact:50");

        Map<String, String> before = servedArms(name);
        Experiment model = model(name, "default:50,compact:50");
        CUSTOMERS.forEach(c -> assertThat(before.get(c)).as(c + ": the arm its hash says").isEqualTo(arm(model, c)));
        assertThat(before.values()).contains("default", "compact");
        assertThat(armRequests("compact")).as("the arm is a label of the screen's metrics").isPositive();

        HttpResponse<String> old = home(CUSTOMERS.getFirst(), "1.9");
        assertThat(header(old, "X-Hearth-Variant")).as("an old app stays on its variant").isEqualTo("legacy-apps");
        assertThat(old.headers().firstValue("X-Hearth-Arm")).as("and out of the experiment").isEmpty();

        APP.task("experiment-change", params("screen", "home", "name", name, "arms", "compact:25,default:75",
                "reason", "fewer compact homes", "by", "bob"));
        Map<String, String> after = servedArms(name);
        Experiment changed = model(name, "default:75,compact:25");
        for (String customer : CUSTOMERS) {
            assertThat(after.get(customer)).as(customer).isEqualTo(arm(changed, customer));
            if (before.get(customer).equals("default")) {
                assertThat(after.get(customer)).as(customer + " was in the control, which only grew")
                        .isEqualTo("default");
            }
        }

        JsonNode view = body(APP.adminGet("/experiments"), 200);
        JsonNode running = view.get("experiments").get(0);
        assertThat(running.get("name").asText()).isEqualTo(name);
        assertThat(running.get("arms").toString()).isEqualTo(
                "[{\"variant\":\"default\",\"percent\":75},{\"variant\":\"compact\",\"percent\":25}]");
        assertThat(running.get("version").asLong()).isEqualTo(2);
        assertThat(running.get("inForce").asBoolean()).isTrue();

        String stopped = APP.task("experiment-stop", params("screen", "home", "reason", "INC-77 at 3 a.m."));
        assertThat(stopped).contains("stopped: experiment '" + name + "'");
        CUSTOMERS.forEach(ExperimentIT::assertNoExperiment);
        assertThat(APP.task("experiment-stop", params("screen", "home"))).contains("no experiment runs");

        JsonNode history = body(APP.adminGet("/experiments"), 200).get("history");
        assertThat(history.get(0).get("action").asText()).isEqualTo("stop");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("INC-77 at 3 a.m.");
        assertThat(history.get(0).get("from").asText()).isEqualTo("default:75,compact:25");
        assertThat(history.get(1).get("action").asText()).isEqualTo("change");
        assertThat(history.get(1).get("actor").asText()).endsWith("by bob");
        assertThat(history.get(1).get("from").asText()).isEqualTo("default:50,compact:50");
        assertThat(history.get(1).get("to").asText()).isEqualTo("default:75,compact:25");
        assertThat(history.get(2).get("action").asText()).isEqualTo("start");
        assertThat(history.get(2).get("actor").asText()).endsWith("by alice");
        assertThat(history.get(2).get("reason").asText()).isEqualTo("PROD-12 a compact home");
    }

    @Test
    void aScreenFileReloadedWithoutAnArmsVariantServesTheDefaultAndNeverFails() throws Exception {
        Path home = Path.of(APP.configuration().getScreens()).resolve("home.yml");
        String withCompact = Files.readString(home);
        APP.task("experiment-start", params("screen", "home", "name", "reloaded", "arms", "default:0,compact:100"));
        try {
            assertThat(header(home("alice", null), "X-Hearth-Arm")).isEqualTo("compact");

            Files.writeString(home, withCompact.replace(COMPACT, ""));
            assertThat(APP.reload().statusCode()).isEqualTo(200);

            CUSTOMERS.forEach(ExperimentIT::assertNoExperiment);
            JsonNode running = body(APP.adminGet("/experiments"), 200).get("experiments").get(0);
            assertThat(running.get("name").asText()).isEqualTo("reloaded");
            assertThat(running.get("inForce").asBoolean()).as("its arm's variant is gone").isFalse();
        } finally {
            Files.writeString(home, withCompact);
            assertThat(APP.reload().statusCode()).isEqualTo(200);
            APP.task("experiment-stop", params("screen", "home"));
        }
    }

    @Test
    void badInputIsRefusedWithA400SayingWhy() {
        Map<String[], String> refused = new LinkedHashMap<>();
        refused.put(new String[] {"screen", "nope", "name", "x", "arms", "default:50,compact:50"},
                "there is no screen 'nope'");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "default:50,compakt:50"},
                "screen 'home' has no variant 'compakt'; an arm is one of [default, compact]");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "default:50,legacy-apps:50"},
                "variant 'legacy-apps' of screen 'home' is chosen by apps' headers (appVersion <2.0)");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "default:60,compact:50"},
                "sum to 110, not 100");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "compact:100"}, "two or more arms");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "default:50.5,compact:49.5"},
                "whole number from 0 to 100");
        refused.put(new String[] {"screen", "home", "name", "Big Test", "arms", "default:50,compact:50"},
                "must be lower-case letters");
        refused.put(new String[] {"screen", "home", "name", "x"}, "experiment-start needs arms=");
        refused.put(new String[] {"screen", "home", "name", "x", "arms", "default:50,compact:50", "armz", "a"},
                "armz");
        refused.forEach((params, message) -> {
            HttpResponse<String> response = APP.postTask("experiment-start", params(params));
            assertThat(response.statusCode()).as(String.join(" ", params)).isEqualTo(400);
            assertThat(response.body()).as(String.join(" ", params)).contains("admin-task-refused-value")
                    .contains(message);
        });

        APP.task("experiment-start", params("screen", "home", "name", "first", "arms", "default:90,compact:10"));
        try {
            HttpResponse<String> second = APP.postTask("experiment-start", params("screen", "home", "name", "second",
                    "arms", "default:50,compact:50"));
            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(second.body()).contains("an experiment already runs on screen 'home'").contains("'first'");
            HttpResponse<String> change = APP.postTask("experiment-change", params("screen", "home", "name", "second",
                    "arms", "default:50,compact:50"));
            assertThat(change.statusCode()).isEqualTo(400);
            assertThat(change.body()).contains("no experiment 'second' runs on screen 'home'");
            HttpResponse<String> otherArms = APP.postTask("experiment-change", params("screen", "home", "name",
                    "first", "arms", "default:50,legacy-apps:50"));
            assertThat(otherArms.statusCode()).isEqualTo(400);
            assertThat(otherArms.body()).contains("has the arms [default, compact]");
            HttpResponse<String> wrongStop = APP.postTask("experiment-stop", params("screen", "home", "name", "second"));
            assertThat(wrongStop.statusCode()).isEqualTo(400);
            assertThat(wrongStop.body()).contains("is 'first', not 'second'");
        } finally {
            APP.task("experiment-stop", params("screen", "home", "name", "first"));
        }
    }
}
