package dev.hearth.home.adapter.in.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml}: the OpenAPI document of the public API, without a token, so clients and tools can
 * read the contract from the service that keeps it. An end-to-end test validates real answers against it.
 */
@Path("/openapi.yaml")
public final class OpenApiResource {
    public static final String MEDIA_TYPE = "application/yaml";
    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/openapi.yaml";

    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; it ships in home-service's "
                        + "src/main/resources");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @GET
    @Produces(MEDIA_TYPE)
    public Response document() {
        return Response.ok(document, MEDIA_TYPE).build();
    }
}
