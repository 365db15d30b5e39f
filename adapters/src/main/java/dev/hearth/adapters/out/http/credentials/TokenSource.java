package dev.hearth.adapters.out.http.credentials;

import java.io.IOException;

/** Fetches a new token; blocking, bounded by the source's own timeout. {@link TokenEndpoint} is the real one. */
@FunctionalInterface
public interface TokenSource {
    /**
     * @throws IOException the endpoint could not be reached, answered an error or something that is not a token; the
     *                     message says which, without the body, a token or a secret
     */
    ServiceToken fetch() throws IOException;
}
