package dev.hearth.adapters.out.http.credentials;

import java.io.IOException;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;

/**
 * A downstream's client that sends every request with {@code Authorization: Bearer <service token>}
 * ({@link ClientCredentialsTokens}). The token is had <i>before</i> the request reaches the pool, so a call waiting for
 * one holds no connection; a call that cannot have one fails with {@link ServiceTokenUnavailableException} before
 * anything is sent. A 401 answer drops the token it was sent with ({@link ClientCredentialsTokens#rejected}).
 *
 * <p>A request that already carries {@code Authorization} (the caller's token, forwarded) is refused: one header
 * cannot carry two credentials, and silently replacing either would send the wrong one. Hearth's configuration keeps
 * the one downstream that forwards the caller's token (legacy) from using service tokens.
 *
 * <p>Thread-safe; closing it closes the client it wraps and stops the token's refreshes.
 */
public final class BearerTokenClient extends CloseableHttpClient {
    private final CloseableHttpClient delegate;
    private final ClientCredentialsTokens tokens;

    public BearerTokenClient(CloseableHttpClient delegate, ClientCredentialsTokens tokens) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    @SuppressWarnings("deprecation") // execute(target, request, context) is what executeOpen runs; the response stays open
    protected CloseableHttpResponse doExecute(HttpHost target, ClassicHttpRequest request, HttpContext context)
            throws IOException {
        if (request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            throw new IOException("the request already carries an Authorization header; a service token would replace it");
        }
        String token = tokens.token();
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        CloseableHttpResponse response = delegate.execute(target, request, context);
        if (response.getCode() == HttpStatus.SC_UNAUTHORIZED) {
            tokens.rejected(token);
        }
        return response;
    }

    @Override
    public void close(CloseMode closeMode) {
        try {
            tokens.close();
        } finally {
            delegate.close(closeMode);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tokens.close();
        } finally {
            delegate.close();
        }
    }
}
