package dev.hearth.home.adapter.in.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.ports.domain.model.CustomerId;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The warm-up's home screens (docs/adr/018-probes-warm-up-and-drain.md): {@code GET /v1/screens/home} handed to a
 * {@link ScreenResource} as the request filters would have left it (a request id, the customer's principal), and its
 * answer written as JSON with the mapper Jersey writes with. In process: no socket, no token to verify.
 */
public final class WarmUpRequests {
    private static final URI BASE = URI.create("http://warm-up.invalid/");
    private static final URI HOME = URI.create("http://warm-up.invalid/v1/screens/home");

    private final ScreenResource resource;
    private final ObjectMapper mapper;

    public WarmUpRequests(ScreenResource resource, ObjectMapper mapper) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Builds {@code customer}'s home screen and writes it as JSON (thrown away).
     *
     * @return the HTTP status the app would have answered
     */
    public int home(String customer, String requestId) {
        ContainerRequest request = new ContainerRequest(BASE, HOME, "GET", null, new MapPropertiesDelegate(), null);
        request.setProperty(RequestIdFilter.PROPERTY, requestId);
        CustomerPrincipal principal = new CustomerPrincipal(new CustomerId(customer), Set.of(ScreenResource.SCOPE),
                "warm-up");
        try (Response response = resource.screen(principal, "home", request, null)) {
            if (response.hasEntity()) {
                mapper.writeValue(OutputStream.nullOutputStream(), response.getEntity());
            }
            return response.getStatus();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
