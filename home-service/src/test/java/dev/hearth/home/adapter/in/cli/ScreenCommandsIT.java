package dev.hearth.home.adapter.in.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.HomeApplication;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** check-screens and plan through Dropwizard's real command line: a thrown command is exit status 1. */
class ScreenCommandsIT {
    static final String TEST_CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");
    /** The shipped config.yml, with its real port timeouts; its `screens: screens` is relative to the repository. */
    static final String SHIPPED_CONFIG = Path.of("..", "config.yml").toString();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.clearProperty("dw.screens");
    }

    @Test
    void checkScreensAcceptsTheProjectsScreens() throws Exception {
        assertThat(run("check-screens", TEST_CONFIG)).isEmpty();

        assertThat(out()).isEqualTo("screen home variants: default (every other app, 6 sections), "
                + "legacy-apps (appVersion <2.0, 5 sections)\n2 screens OK\n");
    }

    @Test
    void checkScreensListsEveryProblemOfEveryFileWithItsLineAndFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("typo.yml"), """
                screen: typo
                budget: 800ms
                sections:
                  - id: accounts
                    port: accounts
                    required: true
                    fields:
                      balance: { port: balanse, optional: true }
                """);
        Files.writeString(dir.resolve("shape.yml"), """
                screen: shape
                budget: 800ms
                sections:
                  - id: banners
                    port: banners
                    optional: true
                    deadline: soon
                """);
        Path good = Path.of("..", "screens", "home.yml");

        Optional<Throwable> failure = run("check-screens", TEST_CONFIG, dir.toString(), good.toString());

        assertThat(failure).isPresent();
        assertThat(out()).contains(dir.resolve("typo.yml") + ":8: field 'balance' of section 'accounts' calls unknown "
                + "port 'balanse' (hint: did you mean 'balance'?")
                .contains(dir.resolve("shape.yml") + ":7: bad duration 'soon' for deadline of section 'banners' (hint: ")
                .doesNotContain("home.yml");
        assertThat(err()).contains("2 problems in 3 screen files").doesNotContain("at dev.hearth");
    }

    @Test
    void checkScreensReportsAMissingPath() throws Exception {
        assertThat(run("check-screens", TEST_CONFIG, "no/such/dir")).isPresent();

        assertThat(out()).contains("no/such/dir: no such file or directory");
    }

    @Test
    void planPrintsHomesCriticalPathWithTheShippedTimeouts() throws Exception {
        System.setProperty("dw.screens", Path.of("..", "screens").toString());

        assertThat(run("plan", SHIPPED_CONFIG, "home")).isEmpty();

        assertThat(out()).startsWith("screen home (budget 800ms)\n")
                .containsPattern("accounts +port accounts +from customer +required +400ms \\(port timeout\\) +at +0ms -> +400ms")
                .containsPattern("\\.balance +port balance +from each item of accounts +optional +300ms \\(port timeout\\)")
                .containsPattern("cards +port cardDetails +from each cardList +optional +300ms \\(port timeout\\) +at +300ms -> +600ms")
                .contains("critical path: accounts (400ms) -> accounts.balance (300ms) = 700ms, within the budget 800ms\n")
                .contains("worst case: 700ms");
        String legacy = out().substring(out().indexOf("screen home, variant legacy-apps (appVersion <2.0) (budget 800ms)\n"));
        assertThat(legacy).doesNotContain("openBanking").contains("cards ").contains("worst case: 700ms");
        assertThat(out().substring(0, out().indexOf(legacy))).contains("openBanking");
    }

    @Test
    void planShowsWhenTheBudgetCapsTheCriticalPath() throws Exception {
        // test-config.yml sets no timeout but banners': every other port has the built-in 1s.
        assertThat(run("plan", TEST_CONFIG, "home")).isEmpty();

        assertThat(out()).contains("critical path: accounts (600ms) -> accounts.partnership (800ms) = 1400ms, "
                + "capped by the budget 800ms").contains("worst case: 800ms");
    }

    @Test
    void planWithoutAScreenPlansEveryScreenAndRefusesAnUnknownOne() throws Exception {
        assertThat(run("plan", TEST_CONFIG)).isEmpty();
        assertThat(out()).contains("screen home (budget 800ms)").contains("screen account-detail (budget 800ms)");

        assertThat(run("plan", TEST_CONFIG, "hom")).isPresent();
        assertThat(err()).contains("no screen 'hom'").contains("home");
    }

    /** A screen file read as the configuration failed on its keys one by one, as a Jackson stack trace. */
    @ParameterizedTest
    @ValueSource(strings = {"check-screens", "plan", "server", "check", "db"})
    void aScreenFileWhereTheConfigBelongsIsNamedInOneLine(String command) throws Exception {
        String screenFile = Path.of("..", "screens", "home.yml").toString();
        String[] args = command.equals("db") ? new String[] {"db", "migrate", screenFile} : new String[] {command, screenFile};

        assertThat(run(args)).isPresent();

        assertThat(err()).isEqualTo(screenFile + " is a screen file, not a config file: name the config file first, as "
                + "in ./hearth check-screens config.yml " + screenFile + " or ./hearth server config.yml\n");
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Optional<Throwable> run(String... args) throws Exception {
        stdout.reset();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        HomeApplication application = new HomeApplication();
        Bootstrap<HomeConfiguration> bootstrap = new Bootstrap<>(application);
        ListedCommands.addDropwizardCommands(application, bootstrap); // server and check, as the jar has them
        application.initialize(bootstrap);
        Cli cli = new Cli(new JarLocation(HomeApplication.class), bootstrap, System.out,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return cli.run(args);
    }
}
