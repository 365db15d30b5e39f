package dev.hearth.home.adapter.in.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.HomeApplication;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.wiring.HealthModule;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin port's front page: Dropwizard's menu linked only its own pages, not Prometheus, traces or migration. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminMenuIT {
    static final DropwizardAppExtension<HomeConfiguration> APP = new DropwizardAppExtension<>(HomeApplication.class,
            ResourceHelpers.resourceFilePath("test-config.yml"));
    static final Pattern LINK = Pattern.compile("href=\"([^\"]+)\"");

    @Test
    void theMenuLinksEveryAdminPageAndEachAnswers200() throws Exception {
        // /healthcheck is 500 while the warm-up runs (its check, hearth.warmed, is unhealthy until it ends: ADR 018)
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (!APP.getEnvironment().healthChecks().runHealthCheck(HealthModule.WARMED).isHealthy()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            // and /health-check is 503 until the health module's own schedule (every second) has seen it end
            while (get(http, "/health-check").statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            HttpResponse<String> menu = get(http, "/");
            assertThat(menu.statusCode()).isEqualTo(200);
            assertThat(menu.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

            List<String> links = LINK.matcher(menu.body()).results().map(m -> m.group(1)).toList();
            assertThat(links).contains("/metrics?pretty=true", "/prometheus", "/healthcheck?pretty=true", "/ping",
                    "/threads", "/traces", "/traces/view", "/migration", "/migration/mismatches", "/migration/history",
                    "/version", "/switches");
            for (String link : links) {
                assertThat(get(http, link).statusCode()).as("GET %s", link).isEqualTo(200);
            }
        }
    }

    @Test
    void theTasksAreListedAsPostsNotLinks() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String menu = get(http, "/").body();

            for (String task : List.of("reload", "rollout", "shadow-sampling", "shadow-clear", "log-level", "gc",
                    "sandbox-fault", "sandbox-reset", "section-off", "section-on")) {
                assertThat(menu).contains("POST /tasks/" + task + "<");
            }
            assertThat(menu).doesNotContain("href=\"/tasks");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
