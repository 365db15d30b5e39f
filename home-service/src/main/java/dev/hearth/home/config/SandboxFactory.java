package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.sandbox.SandboxCredential;
import dev.hearth.sandbox.SandboxSettings;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.File;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

/**
 * The sandbox: Hearth serving its own downstreams over loopback HTTP, with demo customers, realistic
 * latencies and fault injection. For development and demos only; never enable it in production.
 */
public final class SandboxFactory {

    @JsonProperty
    private boolean enabled = false;

    @NotEmpty
    @JsonProperty
    private String host = "127.0.0.1";

    /** 0 picks a free port. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int port = 9090;

    /** Multiplies every downstream's base latency (0 = answer at once). */
    @DecimalMin("0.0")
    @DecimalMax("100.0")
    @JsonProperty
    private double latencyScale = 1.0;

    /** Random spread around each latency, as a fraction (0.3 = ±30 %). */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double jitter = 0.3;

    /** The private JWK (JSON) the {@code token} command signs sandbox tokens with. */
    @JsonProperty
    private String signingKey;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getSigningKey() {
        return signingKey;
    }

    /** What the sandbox's downstreams require of callers: {@code none}, {@code bearer} or {@code clientCertificate}. */
    @NotNull
    @Pattern(regexp = "none|bearer|clientCertificate", message = "must be none, bearer or clientCertificate")
    @JsonProperty
    private String requireCredential = "none";

    /** With {@code requireCredential: bearer}: the one client its {@code /oauth2/token} knows, and its tokens' life. */
    @Valid
    @NotNull
    @JsonProperty
    private TokenIssuing oauth2 = new TokenIssuing();

    /** With {@code requireCredential: clientCertificate}: its own key store and the trust store of client certificates. */
    @Valid
    @JsonProperty
    private Tls tls;

    /** The sandbox's token endpoint's client. Demo values: the sandbox is never production. */
    public static final class TokenIssuing {
        @NotEmpty
        @JsonProperty
        private String clientId = "hearth";

        @NotEmpty
        @JsonProperty
        private String clientSecret = "sandbox-secret";

        @NotNull
        @MinDuration(value = 1, unit = java.util.concurrent.TimeUnit.SECONDS)
        @JsonProperty
        private Duration tokenLifetime = Duration.minutes(5);
    }

    /** The sandbox's https. */
    public static final class Tls {
        @NotNull
        @JsonProperty
        private File keyStorePath;

        @NotNull
        @JsonProperty
        private String keyStorePassword;

        @NotEmpty
        @JsonProperty
        private String keyStoreType = "PKCS12";

        @NotNull
        @JsonProperty
        private File trustStorePath;

        @NotNull
        @JsonProperty
        private String trustStorePassword;

        @NotEmpty
        @JsonProperty
        private String trustStoreType = "PKCS12";
    }

    /** The credential the sandbox requires, as {@code requireCredential} names it. */
    public SandboxCredential credential() {
        return switch (requireCredential) {
            case "bearer" -> new SandboxCredential.Bearer(oauth2.clientId, oauth2.clientSecret,
                    oauth2.tokenLifetime.toJavaDuration());
            case "clientCertificate" -> {
                if (tls == null) {
                    throw new IllegalArgumentException("config.yml sandbox.tls (keyStorePath, keyStorePassword, "
                            + "trustStorePath, trustStorePassword) is required with sandbox.requireCredential: clientCertificate");
                }
                yield new SandboxCredential.ClientCertificate(tls.keyStorePath.toPath(), tls.keyStorePassword,
                        tls.keyStoreType, tls.trustStorePath.toPath(), tls.trustStorePassword, tls.trustStoreType);
            }
            default -> new SandboxCredential.None();
        };
    }

    public SandboxSettings settings() {
        return new SandboxSettings(host, port, latencyScale, jitter);
    }

    public void setLatencyScale(double latencyScale) {
        this.latencyScale = latencyScale;
    }
}
