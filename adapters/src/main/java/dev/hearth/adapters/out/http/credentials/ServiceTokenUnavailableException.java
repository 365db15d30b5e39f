package dev.hearth.adapters.out.http.credentials;

import java.io.IOException;

/**
 * A call to a downstream was not sent because no valid service token could be had: the token endpoint failed, was
 * slow or is being backed off from. An {@link IOException}, so the adapter's HTTP plumbing reports it as it reports a
 * downstream that cannot be reached: {@code UNAVAILABLE}, a failure of that downstream's ports only. The message names
 * the downstream and the token endpoint's failure, never a token or a secret.
 */
public final class ServiceTokenUnavailableException extends IOException {
    public ServiceTokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
