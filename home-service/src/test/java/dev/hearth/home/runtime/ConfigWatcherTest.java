package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.FakeClock;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.testing.ConfigMapMount;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher's decisions, one {@link ConfigWatcher#check()} at a time (no scheduler, no waiting): the config file and
 * the screens are ConfigMap mounts, updated as the kubelet updates them; the reload is a stand-in that records its
 * calls and rejects what the test says. The scheduled watching against the whole application: ConfigWatchIT.
 */
class ConfigWatcherTest {
    /** The tests' config file, whose last line is {@code banners: { timeout: 250ms }}. */
    static final String CONFIG = testConfig();
    static final Map<String, String> SCREENS = Map.of("home.yml", "screen: home\n", "start.yml", "screen: start\n");

    static String testConfig() {
        try {
            String text = Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")));
            assertThat(text).contains("banners: { timeout: 250ms }");
            return text;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TempDir
    Path dir;
    ConfigMapMount config;
    ConfigMapMount screens;
    final List<String> reloads = new ArrayList<>();
    String rejectWith;
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T00:00:00Z"));
    ConfigWatcher watcher;

    @BeforeEach
    void mountsAndWatcher() throws Exception {
        config = ConfigMapMount.create(dir.resolve("config"), Map.of("config.yml", CONFIG));
        screens = ConfigMapMount.create(dir.resolve("screens"), SCREENS);
        ConfigSource source = new ConfigSource();
        source.create(HomeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(new FileConfigurationSourceProvider(), config.file("config.yml").toString());
        watcher = new ConfigWatcher(ConfigWatcher.fingerprint(source, screens::dir), () -> {
            reloads.add("reload");
            if (rejectWith != null) {
                throw new ConfigReloader.RejectedException(rejectWith);
            }
            return List.of("reloaded");
        }, clock);
    }

    @Test
    void nothingChangedNothingReloaded() {
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
        screens.update(SCREENS); // the kubelet swapped in the same content: a new dated directory, the same files
        config.update(Map.of("config.yml", CONFIG));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
        assertThat(reloads).isEmpty();
    }

    @Test
    void aScreenFileChangedByAConfigMapSwapIsReloadedOnce() {
        screens.update(Map.of("home.yml", "screen: home\n# a new section\n", "start.yml", "screen: start\n"));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.RELOADED);
        assertThat(watcher.check()).as("the next check: nothing new").isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
        assertThat(reloads).hasSize(1);
    }

    @Test
    void aScreenFileAddedOrRemovedIsAChange() {
        screens.update(Map.of("home.yml", "screen: home\n"));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.RELOADED);
        screens.update(SCREENS);
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.RELOADED);
    }

    @Test
    void aChangedConfigFileIsReloaded() {
        config.update(Map.of("config.yml", CONFIG.replace("250ms", "300ms")));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.RELOADED);
        assertThat(reloads).hasSize(1);
    }

    @Test
    void aRejectedChangeIsTriedOnceStaysVisibleAndIsClearedByTheNextGoodOne() throws Exception {
        rejectWith = "reload rejected, the running definition stays:\nports.banners: unknown key timout";
        config.update(Map.of("config.yml", CONFIG.replace("banners: { timeout", "banners: { timout")));

        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);
        for (int i = 0; i < 5; i++) {
            clock.advance(java.time.Duration.ofSeconds(10));
            assertThat(watcher.check()).as("the same bad files, polled again").isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
        }
        assertThat(reloads).as("tried (and so logged) once for these files").hasSize(1);
        assertThat(watcher.rejected()).hasValueSatisfying(rejection -> {
            assertThat(rejection.reason()).contains("timout");
            assertThat(rejection.at()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
            assertThat(rejection.files()).matches("[0-9a-f]{12}");
        });

        rejectWith = "reload rejected, the running definition stays:\nports.banners: unknown key tmeout";
        config.update(Map.of("config.yml", CONFIG.replace("banners: { timeout", "banners: { tmeout")));
        assertThat(watcher.check()).as("another bad content: tried again").isEqualTo(ConfigWatcher.Outcome.REJECTED);
        assertThat(watcher.rejected().orElseThrow().reason()).contains("tmeout");

        rejectWith = null;
        config.update(Map.of("config.yml", CONFIG));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.RELOADED);
        assertThat(watcher.rejected()).isEmpty();
        assertThat(reloads).hasSize(3);
    }

    @Test
    void aVanishedFileIsAChangeTheReloadRejects() throws Exception {
        rejectWith = "reload rejected, the running definition stays:\nthe configuration file could not be read";
        Files.delete(config.file("config.yml"));
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.REJECTED);
        assertThat(watcher.check()).isEqualTo(ConfigWatcher.Outcome.UNCHANGED);
    }
}
