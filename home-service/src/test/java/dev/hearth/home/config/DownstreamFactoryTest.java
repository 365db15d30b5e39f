package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A downstream's block of config.yml, parsed as Dropwizard parses it. */
class DownstreamFactoryTest {

    private static DownstreamFactory parse(String yaml) throws Exception {
        return new DefaultConfigurationFactoryFactory<DownstreamFactory>()
                .create(DownstreamFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "downstream.yml");
    }

    @Test
    void aClientBlockThatSetsOneKeyKeepsHearthsDefaultsForTheOthers() throws Exception {
        // Without merging, Jackson built a fresh HttpClientConfiguration: keepAlive 0 (a new connection per call),
        // Dropwizard's 500 ms socket timeout, and a client that re-sends after an interrupt.
        HttpClientConfiguration client = parse("""
                baseUrl: http://127.0.0.1:9090
                client: { maxConnectionsPerRoute: 64 }
                """).getClient();

        assertThat(client.getMaxConnectionsPerRoute()).isEqualTo(64);
        assertThat(client.getKeepAlive()).isEqualTo(Duration.seconds(30));
        assertThat(client.getTimeout()).isEqualTo(Duration.seconds(5));
        assertThat(client.getConnectionRequestTimeout()).isEqualTo(Duration.seconds(1));
        assertThat(client.getMaxConnections()).isEqualTo(1024);
        assertThat(client.getRetries()).isZero();
    }

    @Test
    void withoutAClientBlockTheDefaultsAreHearths() throws Exception {
        HttpClientConfiguration client = parse("baseUrl: http://127.0.0.1:9090\n").getClient();

        assertThat(client.getKeepAlive()).isEqualTo(Duration.seconds(30));
        assertThat(client.getMaxConnections()).isEqualTo(1024);
        assertThat(client.getMaxConnectionsPerRoute()).isEqualTo(1024); // one route: the whole pool (DownstreamsTest)
        // Dropwizard's 0 checks every pooled connection before each call with a read that waits 1 ms.
        assertThat(client.getValidateAfterInactivityPeriod()).isEqualTo(Duration.seconds(2));
    }
}
