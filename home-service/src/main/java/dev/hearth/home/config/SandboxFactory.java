package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.sandbox.SandboxSettings;
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

    public SandboxSettings settings() {
        return new SandboxSettings(host, port, latencyScale, jitter);
    }

    public void setLatencyScale(double latencyScale) {
        this.latencyScale = latencyScale;
    }
}
