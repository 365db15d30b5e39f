package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAccessFactoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
    void loopbackAddressesNeedNoPassword(String host) {
        assertThat(AdminAccessFactory.loopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "192.0.2.10", "no-such-host.invalid"})
    void everyOtherAddressIsTheNetwork(String host) {
        assertThat(AdminAccessFactory.loopback(host)).isFalse();
    }
}
