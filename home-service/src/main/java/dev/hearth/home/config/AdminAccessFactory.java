package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.AdminFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.validation.constraints.NotEmpty;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Dropwizard's {@code admin:} block (health checks, tasks) with who may use the admin port: {@code username} and
 * {@code passwordHash} (a PBKDF2 hash from {@code ./hearth admin-hash}, given through the environment:
 * {@code passwordHash: ${HEARTH_ADMIN_PASSWORD_HASH:-}}). With a hash every admin path but the probes needs HTTP basic
 * authentication; without one the admin port stays open, which is allowed only on loopback ({@link #protection}).
 */
public final class AdminAccessFactory extends AdminFactory {
    /** The config key, for messages. */
    public static final String KEY = "admin.passwordHash";

    @NotEmpty
    @JsonProperty
    private String username = "admin";

    @JsonProperty
    private String passwordHash;

    public String getUsername() {
        return username;
    }

    /** The hash of the admin port's password, or empty when the port is open. */
    public Optional<String> getPasswordHash() {
        return Optional.ofNullable(passwordHash).map(String::trim).filter(hash -> !hash.isEmpty());
    }

    /**
     * Refuses to start (one line naming the key and the fix) when the admin port is open, no password hash given, to
     * more than loopback.
     */
    public void refuseOpenToTheNetwork(ServerFactory server) {
        if (getPasswordHash().isPresent()) {
            return;
        }
        List<Exposure> exposures = exposures(server);
        if (!exposures.isEmpty()) {
            Exposure exposure = exposures.getFirst();
            throw new AdminPortRefused("the admin port is open to the network: " + exposure.key() + " is "
                    + exposure.bindHost() + " and " + KEY + " is not set; set it to a hash from ./hearth admin-hash "
                    + "(passwordHash: ${HEARTH_ADMIN_PASSWORD_HASH:-}, the hash in that environment variable) or bind the "
                    + "admin port to 127.0.0.1");
        }
    }

    /** An admin connector bound beyond loopback: which key, and its bind host as the file says it. */
    record Exposure(String key, String bindHost) {
    }

    static List<Exposure> exposures(ServerFactory server) {
        List<Exposure> exposures = new ArrayList<>();
        if (server instanceof DefaultServerFactory factory) {
            List<ConnectorFactory> connectors = factory.getAdminConnectors();
            for (int i = 0; i < connectors.size(); i++) {
                check(connectors.get(i), "server.adminConnectors[" + i + "].bindHost", exposures);
            }
        } else if (server instanceof SimpleServerFactory factory) { // the admin context shares the one connector
            check(factory.getConnector(), "server.connector.bindHost", exposures);
        }
        return exposures;
    }

    private static void check(ConnectorFactory connector, String key, List<Exposure> exposures) {
        if (!(connector instanceof HttpConnectorFactory http)) {
            exposures.add(new Exposure(key.replace(".bindHost", ".type"), "a connector Hearth cannot check"));
            return;
        }
        String host = http.getBindHost();
        if (host == null || host.isBlank()) {
            exposures.add(new Exposure(key, "not set (every interface)"));
        } else if (!loopback(host)) {
            exposures.add(new Exposure(key, host));
        }
    }

    /** Every address {@code host} names is a loopback one (127.0.0.0/8, ::1); 0.0.0.0 and :: are every interface. */
    static boolean loopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.trim());
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Start-up refused: one line, the whole story (no stack trace; its toString is the message). */
    public static final class AdminPortRefused extends RuntimeException {
        public AdminPortRefused(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
