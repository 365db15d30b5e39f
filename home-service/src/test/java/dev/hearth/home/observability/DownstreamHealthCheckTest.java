package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.application.ScreenBindings;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DownstreamHealthCheckTest {
    @Test
    void everyScreenPortBelongsToExactlyOneDownstreamOrIsTheDatabases() {
        var ports = ScreenBindings.registry(new ScreenBindings.DomainPorts(null, null, null, null, null, null, null, null,
                null, null), name -> Optional.empty()).names();
        var mapped = new TreeSet<String>();
        DownstreamHealthCheck.PORTS.values().forEach(list -> list.forEach(port ->
                assertThat(mapped.add(port)).as("%s in one downstream only", port).isTrue()));
        mapped.add("alias"); // Hearth's own database: Dropwizard's 'database' check

        assertThat(mapped).isEqualTo(new TreeSet<>(ports));
    }

    @Test
    void circuitStatesAreNumbersPrometheusCanAlertOn() {
        assertThat(PortMetrics.circuitState("CLOSED")).isZero();
        assertThat(PortMetrics.circuitState("HALF_OPEN")).isEqualTo(1);
        assertThat(PortMetrics.circuitState("OPEN")).isEqualTo(2);
        assertThat(PortMetrics.circuitState("DISABLED")).isEqualTo(-1);
    }

    @Test
    void aCallPathBelongsToItsTopLevelSection() {
        assertThat(ScreenMetrics.sectionOf("accounts[2].balance")).isEqualTo("accounts");
        assertThat(ScreenMetrics.sectionOf("cards[7]")).isEqualTo("cards");
        assertThat(ScreenMetrics.sectionOf("account.balance")).isEqualTo("account");
        assertThat(ScreenMetrics.sectionOf("profile")).isEqualTo("profile");
    }
}
