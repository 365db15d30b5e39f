package dev.hearth.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The credential the sandbox's downstreams require of their callers, as production's would: none (the default), a
 * bearer token its own token endpoint issued, or a client certificate its trust store trusts (mutual TLS).
 */
public sealed interface SandboxCredential {

    /** Anyone may call. */
    record None() implements SandboxCredential {
    }

    /**
     * Every downstream call needs {@code Authorization: Bearer <token>} with a token the sandbox issued and that has
     * not expired; {@code POST /oauth2/token} issues them with the client-credentials grant to this one client
     * (HTTP Basic or form parameters). The legacy home keeps requiring the customer's token instead.
     *
     * @param tokenLifetime how long an issued token lives ({@code expires_in}); whole seconds, at least one
     */
    record Bearer(String clientId, String clientSecret, Duration tokenLifetime) implements SandboxCredential {
        public Bearer {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new IllegalArgumentException("the sandbox's token client needs an id and a secret");
            }
            if (tokenLifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("sandbox token lifetime must be at least 1s, not " + tokenLifetime);
            }
        }
    }

    /**
     * The sandbox serves https with the key store's certificate, and accepts only connections presenting a client
     * certificate the trust store trusts.
     */
    record ClientCertificate(Path keyStore, String keyStorePassword, String keyStoreType, Path trustStore,
            String trustStorePassword, String trustStoreType) implements SandboxCredential {
        public ClientCertificate {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            Objects.requireNonNull(keyStoreType, "keyStoreType");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(trustStorePassword, "trustStorePassword");
            Objects.requireNonNull(trustStoreType, "trustStoreType");
        }
    }
}
