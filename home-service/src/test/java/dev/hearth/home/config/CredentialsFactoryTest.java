package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code downstreams.<name>.credentials}, parsed as Dropwizard parses it, and the combinations start-up refuses. */
class CredentialsFactoryTest {

    private static DownstreamFactory parse(String yaml) throws Exception {
        return new DefaultConfigurationFactoryFactory<DownstreamFactory>()
                .create(DownstreamFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "downstream.yml");
    }

    @Test
    void withoutACredentialsBlockThereIsNone() throws Exception {
        assertThat(parse("baseUrl: http://127.0.0.1:9090\n").getCredentials()).isInstanceOf(CredentialsFactory.None.class);
    }

    @Test
    void anOAuth2BlockWithARelativeTokenUrlAsksTheDownstreamsOwnHost() throws Exception {
        DownstreamFactory factory = parse("""
                baseUrl: https://marketing.bank.internal/api/
                credentials: { type: oauth2, tokenUrl: /oauth2/token, clientId: hearth, clientSecret: s3cret, scope: banners:read }
                """);

        CredentialsFactory.OAuth2 oauth2 = (CredentialsFactory.OAuth2) factory.getCredentials();
        assertThat(oauth2.tokenUrl(URI.create("https://marketing.bank.internal/api/")))
                .isEqualTo(URI.create("https://marketing.bank.internal/oauth2/token"));
        assertThat(oauth2.scope()).contains("banners:read");
        assertThat(oauth2.refreshBefore()).isEqualTo(Duration.ofSeconds(60));
        assertThat(oauth2.timeout()).isEqualTo(Duration.ofSeconds(2));
        factory.checkCredentials("marketing", URI.create("https://marketing.bank.internal/api/"));
    }

    @Test
    void anOAuth2BlockWithoutItsSecretStopsStartUp() {
        assertThatThrownBy(() -> parse("""
                baseUrl: https://marketing.bank.internal
                credentials: { type: oauth2, tokenUrl: /oauth2/token, clientId: hearth }
                """)).isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("credentials.clientSecret");
    }

    @Test
    void anUnknownTypeStopsStartUp() {
        assertThatThrownBy(() -> parse("""
                baseUrl: https://marketing.bank.internal
                credentials: { type: apiKey }
                """)).hasMessageContaining("apiKey");
    }

    @Test
    void legacyTakesTheCustomersTokenSoAServiceTokenIsRefused() throws Exception {
        DownstreamFactory factory = parse("""
                baseUrl: https://legacy.bank.internal
                credentials: { type: oauth2, tokenUrl: /oauth2/token, clientId: hearth, clientSecret: s3cret }
                """);

        assertThatThrownBy(() -> factory.checkCredentials("legacy", URI.create("https://legacy.bank.internal")))
                .hasMessageStartingWith("config.yml downstreams.legacy.credentials: legacy is sent the customer's own token");
    }

    @Test
    void aServiceTokenInClearIsAllowedOnlyOnLoopback() throws Exception {
        DownstreamFactory factory = parse("""
                baseUrl: http://marketing.bank.internal
                credentials: { type: oauth2, tokenUrl: https://idp.bank.internal/token, clientId: hearth, clientSecret: s3cret }
                """);

        assertThatThrownBy(() -> factory.checkCredentials("marketing", URI.create("http://marketing.bank.internal")))
                .hasMessageContaining("would carry a service token or secret in clear");
        factory.checkCredentials("marketing", URI.create("http://127.0.0.1:9090"));
    }

    @Test
    void aClientCertificateNeedsHttps() throws Exception {
        DownstreamFactory factory = parse("""
                baseUrl: http://127.0.0.1:9090
                credentials: { type: clientCertificate, keyStorePath: /etc/hearth/hearth.p12, keyStorePassword: changeit }
                """);

        assertThatThrownBy(() -> factory.checkCredentials("cards", URI.create("http://127.0.0.1:9090")))
                .hasMessage("config.yml downstreams.cards.credentials: a client certificate needs an https baseUrl, not "
                        + "http://127.0.0.1:9090");
    }

    @Test
    void aKeyStoreThatCannotBeReadStopsStartUpNamingTheKey() throws Exception {
        DownstreamFactory factory = parse("""
                baseUrl: https://cards.bank.internal
                credentials: { type: clientCertificate, keyStorePath: /nonexistent/hearth.p12, keyStorePassword: changeit }
                """);

        assertThatThrownBy(() -> factory.buildPooledClient("cards", new com.codahale.metrics.MetricRegistry()))
                .hasMessageStartingWith("config.yml downstreams.cards.credentials: the key or trust store cannot be used");
    }
}
