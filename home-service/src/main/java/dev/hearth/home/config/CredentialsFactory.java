package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.client.ssl.TlsConfiguration;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The credential of Hearth's own that a downstream is called with ({@code downstreams.<name>.credentials}), chosen by
 * {@code type}: {@code none} (the default, for the sandbox), {@code clientCertificate} (mutual TLS) or {@code oauth2}
 * (a client-credentials token, {@code Authorization: Bearer}). Passwords and secrets are best given as
 * {@code ${ENV_VAR}}: config.yml is read with environment variables substituted (an unset one stops start-up).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CredentialsFactory.None.class, name = "none"),
        @JsonSubTypes.Type(value = CredentialsFactory.ClientCertificate.class, name = "clientCertificate"),
        @JsonSubTypes.Type(value = CredentialsFactory.OAuth2.class, name = "oauth2")})
public sealed interface CredentialsFactory {

    /** No credential of Hearth's own. */
    final class None implements CredentialsFactory {
    }

    /**
     * Mutual TLS: Hearth presents the key store's certificate, and trusts the trust store's (the JDK's when none is
     * given). The downstream's {@code baseUrl} must be {@code https}.
     */
    final class ClientCertificate implements CredentialsFactory {
        @NotNull
        @JsonProperty
        private File keyStorePath;

        @NotEmpty
        @JsonProperty
        private String keyStorePassword;

        @NotEmpty
        @JsonProperty
        private String keyStoreType = "PKCS12";

        /** The alias of the key to present, when the key store holds more than one. */
        @JsonProperty
        private String certAlias;

        @JsonProperty
        private File trustStorePath;

        @JsonProperty
        private String trustStorePassword;

        @NotEmpty
        @JsonProperty
        private String trustStoreType = "PKCS12";

        /** Dropwizard's TLS settings of the downstream's client: this key and trust material, TLS 1.3 or 1.2. */
        public TlsConfiguration tls(String downstream) {
            if (trustStorePath != null && (trustStorePassword == null || trustStorePassword.isEmpty())) {
                throw new IllegalArgumentException("config.yml downstreams." + downstream
                        + ".credentials.trustStorePassword is required with trustStorePath");
            }
            TlsConfiguration tls = new TlsConfiguration();
            tls.setProtocol("TLS");
            tls.setSupportedProtocols(List.of("TLSv1.3", "TLSv1.2"));
            tls.setKeyStorePath(keyStorePath);
            tls.setKeyStorePassword(keyStorePassword);
            tls.setKeyStoreType(keyStoreType);
            tls.setCertAlias(certAlias);
            tls.setTrustStorePath(trustStorePath);
            tls.setTrustStorePassword(trustStorePassword);
            tls.setTrustStoreType(trustStoreType);
            return tls;
        }
    }

    /**
     * An OAuth2 access token from the client-credentials grant, sent as {@code Authorization: Bearer}, cached and
     * refreshed ahead of its expiry in the background.
     */
    final class OAuth2 implements CredentialsFactory {
        /** The token endpoint: an absolute URL, or a path on the downstream's own host ({@code /oauth2/token}). */
        @NotNull
        @JsonProperty
        private URI tokenUrl;

        @NotEmpty
        @JsonProperty
        private String clientId;

        @NotEmpty
        @JsonProperty
        private String clientSecret;

        @JsonProperty
        private String scope;

        /** How much of a token's lifetime is left when it is replaced (at most half of it). */
        @NotNull
        @JsonProperty
        private Duration refreshBefore = Duration.seconds(60);

        /** The most one token request may take, and the most a call with no valid token waits for one. */
        @NotNull
        @JsonProperty
        private Duration timeout = Duration.seconds(2);

        public URI tokenUrl(URI baseUrl) {
            return tokenUrl.isAbsolute() ? tokenUrl : baseUrl.resolve(tokenUrl);
        }

        public String clientId() {
            return clientId;
        }

        public String clientSecret() {
            return clientSecret;
        }

        public Optional<String> scope() {
            return Optional.ofNullable(scope).filter(s -> !s.isBlank());
        }

        public java.time.Duration refreshBefore() {
            return refreshBefore.toJavaDuration();
        }

        public java.time.Duration timeout() {
            return timeout.toJavaDuration();
        }

        /** For tests: a token endpoint, client and secret. */
        public static OAuth2 of(URI tokenUrl, String clientId, String clientSecret) {
            OAuth2 oauth2 = new OAuth2();
            oauth2.tokenUrl = tokenUrl;
            oauth2.clientId = clientId;
            oauth2.clientSecret = clientSecret;
            return oauth2;
        }
    }
}
