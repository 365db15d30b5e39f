package dev.hearth.home.runtime;

import static dev.hearth.home.testing.Http.section;
import static dev.hearth.home.testing.Http.sectionIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.home.testing.Await;
import dev.hearth.home.testing.ConfigMapMount;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application started from a config file and a screens directory mounted as Kubernetes mounts ConfigMaps,
 * watching them every {@link #INTERVAL}: a ConfigMap update (the kubelet's swap of {@code ..data}) of the screens or
 * of {@code ports:} is applied without the reload task, {@code GET /version} and {@code hearth_config_info} change with
 * it, and a bad one is rejected (logged once) while the running definition keeps serving.
 */
class ConfigWatchIT {
    static final Duration INTERVAL = Duration.ofMillis(500);
    /** A change must be applied within one interval; this allows a loaded CI machine ten times more. */
    static final Duration WITHIN = INTERVAL.multipliedBy(10);
    static final Pattern CONFIG_INFO = Pattern.compile("(?m)^hearth_config_info\\{(.*)} 1(\\.0)?$");

    @TempDir
    static Path dir;
    static ConfigMapMount config;
    static ConfigMapMount screens;
    static String configText;
    static Map<String, String> screenFiles;
    static HearthApp app;

    @BeforeAll
    static void mountedAndStarted() throws Exception {
        configText = Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")));
        assertThat(configText).contains("banners: { timeout: 250ms }");
        config = ConfigMapMount.create(dir.resolve("config"), Map.of("config.yml", configText));
        screenFiles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("../screens"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                screenFiles.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        screens = ConfigMapMount.create(dir.resolve("screens"), screenFiles);
        app = HearthApp.onConfig(config.file("config.yml"))
                .override("screens", screens.dir().toString())
                .override("reload.watchInterval", INTERVAL.toMillis() + "ms");
        app.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void configMapUpdatesAreAppliedWithinTheIntervalAndABadOneIsRejectedOnceWhileTheOldDefinitionServes()
            throws Exception {
        JsonNode started = version();
        assertThat(started.get("build").asText()).as("Maven's project version").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(started.get("startedAt").asText()).isNotEmpty();
        assertThat(started.at("/reload/watchInterval").asText()).isEqualTo("PT0.5S");
        assertThat(started.at("/reload/rejected").isNull()).isTrue();
        for (String key : List.of("screens", "ports", "rollout")) {
            assertThat(started.get(key).asText()).as(key).matches("[0-9a-f]{12}");
        }
        assertThat(started.get("screens").asText()).as("the hash of the screen files, not of the mount's links")
                .isEqualTo(ScreensVersion.of(Path.of("../screens")));
        assertThat(configInfo()).as("the metric shows what /version shows").isEqualTo(versions(started));
        assertThat(app.prometheus()).as("hearth_screens_info stays, with the same hash")
                .contains("hearth_screens_info{screens_version=\"" + started.get("screens").asText() + "\"} 1");
        assertThat(sectionIds(app.json("/v1/home", "alice"))).contains("banners");

        // A ConfigMap update of the screens: home.yml without its banners section.
        String home = screenFiles.get("home.yml");
        int banners = home.indexOf("  - id: banners");
        assertThat(banners).isPositive();
        Map<String, String> withoutBanners = new LinkedHashMap<>(screenFiles);
        withoutBanners.put("home.yml", home.substring(0, banners));
        screens.update(withoutBanners);
        Duration tookScreens = awaitVersion("the screens' version changes", v -> !v.get("screens").asText()
                .equals(started.get("screens").asText()));
        assertThat(sectionIds(app.json("/v1/home", "alice"))).as("the new home.yml serves").doesNotContain("banners");
        JsonNode newScreens = version();
        assertThat(newScreens.get("ports").asText()).isEqualTo(started.get("ports").asText());
        assertThat(configInfo()).as("one series, with the new screens").isEqualTo(versions(newScreens));

        // A ConfigMap update of the config file: a port's timeout.
        config.update(Map.of("config.yml", configText.replace("banners: { timeout: 250ms }",
                "banners: { timeout: 240ms }")));
        Duration tookPorts = awaitVersion("the ports' version changes", v -> !v.get("ports").asText()
                .equals(started.get("ports").asText()));
        assertThat(app.task("reload", Map.of())).as("already applied: the task finds nothing to change")
                .doesNotContain("timeout 250ms -> 240ms");
        JsonNode good = version();

        // A bad update: a typo. Rejected, logged once however often the files are polled; the old definition serves.
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            config.update(Map.of("config.yml", configText.replace("banners: { timeout: 250ms }",
                    "banners: { timout: 250ms }")));
            awaitVersion("the rejection shows", v -> !v.at("/reload/rejected").isNull());
            JsonNode rejected = version();
            assertThat(rejected.at("/reload/rejected/reason").asText()).contains("reload rejected").contains("timout");
            assertThat(versions(rejected)).as("the running definition stays").isEqualTo(versions(good));
            assertThat(app.prometheus()).contains("hearth_config_reload_rejected 1");
            assertThat(app.json("/v1/home", "alice").get("sections")).isNotEmpty();
            Await.sleep(INTERVAL.multipliedBy(4).toMillis()); // four more polls of the same bad files
            assertThat(logs.lines().stream().filter(l -> l.text().startsWith("reload rejected")).toList())
                    .as("logged once for these files").hasSize(1);
        }

        // Fixed: applied, the rejection cleared.
        config.update(Map.of("config.yml", configText));
        awaitVersion("the fix clears the rejection", v -> v.at("/reload/rejected").isNull());
        JsonNode fixed = version();
        assertThat(fixed.get("ports").asText()).as("back to the started ports").isEqualTo(started.get("ports").asText());
        assertThat(app.prometheus()).contains("hearth_config_reload_rejected 0");
        assertThat(section(app.json("/v1/home", "alice"), "profile").get("status").asText()).isEqualTo("OK");
        System.out.printf("ConfigWatchIT: applied a screens update in %d ms, a ports update in %d ms (interval %d ms)%n",
                tookScreens.toMillis(), tookPorts.toMillis(), INTERVAL.toMillis());
    }

    private static JsonNode version() {
        return Http.body(app.adminGet("/version"), 200);
    }

    private static Duration awaitVersion(String what, Predicate<JsonNode> condition) {
        long start = System.nanoTime();
        Await.awaitTrue(what, WITHIN, () -> condition.test(version()));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Map<String, String> versions(JsonNode version) {
        return Map.of("screens", version.get("screens").asText(), "ports", version.get("ports").asText(),
                "rollout", version.get("rollout").asText());
    }

    /** The labels of the one hearth_config_info series. */
    static Map<String, String> configInfo() throws IOException {
        Matcher m = CONFIG_INFO.matcher(app.prometheus());
        assertThat(m.find()).as("hearth_config_info on /prometheus").isTrue();
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(m.group(1));
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        assertThat(m.find()).as("one series only").isFalse();
        return labels;
    }
}
