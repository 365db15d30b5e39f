package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.testing.HearthApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every metric the alert rules and the Grafana dashboard in {@code deploy/observability/} name is on the Prometheus
 * page of a running Hearth, after a few requests: a renamed family breaks the build, not the pager.
 */
class MonitoringFamiliesIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onResource("observability-config.yml");

    /** A metric name in PromQL: Hearth's, JVM's and the process's families (functions have no such prefix). */
    static final Pattern METRIC = Pattern.compile("\\b((?:hearth|jvm|process)_[a-zA-Z0-9_]+)\\b");

    @Test
    void everyMetricTheRulesAndTheDashboardNameIsExported() throws Exception {
        Set<String> inRules = new TreeSet<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(PromtoolRulesTest.DIR.resolve("hearth-alerts.yml")));
        rules.get("groups").forEach(group -> group.get("rules").forEach(rule -> names(rule.get("expr"), inRules)));
        Set<String> inDashboard = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(
                Files.readString(PromtoolRulesTest.DIR.resolve("hearth-dashboard.json")));
        dashboard.findValues("expr").forEach(expr -> names(expr, inDashboard));
        dashboard.findValues("query").forEach(query -> names(query, inDashboard));
        assertThat(inRules).as("the rules name Hearth's families").contains("hearth_port_circuit_open",
                "hearth_screens_info", "hearth_shadow_comparisons_total", "hearth_section_results_total");
        assertThat(inDashboard).as("the dashboard's latency panels").contains("hearth_screen_duration_seconds_bucket",
                "hearth_section_duration_seconds_bucket", "hearth_port_call_duration_seconds_bucket");

        APP.json("/v1/home", "alice");
        APP.json("/v1/home", "bob");
        String page = APP.prometheus();

        Set<String> exported = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(page);
        while (sample.find()) {
            exported.add(sample.group(1));
        }
        assertThat(exported).as("the rules' metrics on /prometheus").containsAll(inRules);
        assertThat(exported).as("the dashboard's metrics on /prometheus").containsAll(inDashboard);
    }

    private static void names(JsonNode expr, Set<String> into) {
        if (expr == null || !expr.isTextual()) {
            return;
        }
        Matcher m = METRIC.matcher(expr.asText());
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
