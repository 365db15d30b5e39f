package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class PollerModeTest {

    @Test
    void onTheJdkItWasMeasuredOnHearthWakesVirtualThreadsFromPlatformPollers() {
        Properties system = new Properties();

        HomeApplication.defaultPollerMode(system, 25);

        assertThat(system.getProperty("jdk.pollerMode")).isEqualTo("1");
    }

    @Test
    void aPollerModeOnTheCommandLineWins() {
        Properties system = new Properties();
        system.setProperty("jdk.pollerMode", "2");

        HomeApplication.defaultPollerMode(system, 25);

        assertThat(system.getProperty("jdk.pollerMode")).isEqualTo("2");
    }

    @Test
    void aLaterJdkKeepsItsOwnDefaultUntilSomeoneMeasuresAgain() {
        Properties system = new Properties();

        HomeApplication.defaultPollerMode(system, 26);

        assertThat(system.getProperty("jdk.pollerMode")).isNull();
    }
}
