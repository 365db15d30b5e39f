package dev.hearth.adapters.out.http.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * An OAuth2 token endpoint, asked for a token with the client-credentials grant (RFC 6749 §4.4): {@code POST} of
 * {@code grant_type=client_credentials} (and {@code scope}), the client authenticated with HTTP Basic
 * ({@code client_secret_basic}, §2.3.1). The answer must be 200 with JSON holding {@code access_token},
 * {@code token_type} {@code Bearer} and, preferably, {@code expires_in}; without it the token is taken to live
 * {@link #ASSUMED_LIFETIME}.
 *
 * <p>Each fetch is bounded as a whole by {@code timeout}: at it the exchange is cancelled (its connection closed),
 * whatever stage it is at. Thread-safe; called from one background thread at a time by {@link ClientCredentialsTokens}.
 */
public final class TokenEndpoint implements TokenSource {
    /** The lifetime of a token whose answer has no {@code expires_in}. */
    public static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final String downstream;
    private final CloseableHttpClient client;
    private final URI tokenUrl;
    private final HttpHost target;
    private final String authorization;
    private final String form;
    private final Duration timeout;
    private final AnswerDeadline.Scheduler scheduler;
    private final ObjectMapper mapper;

    /**
     * @param downstream   the downstream the tokens are for, as messages name it
     * @param client       the client to reach the endpoint with
     * @param tokenUrl     absolute http(s) URL of the token endpoint
     * @param scope        the {@code scope} to ask for, if any
     * @param timeout      the most one fetch may take, connection included
     * @param scheduler    where the timeout is kept
     */
    public TokenEndpoint(String downstream, CloseableHttpClient client, URI tokenUrl, String clientId, String clientSecret,
            Optional<String> scope, Duration timeout, AnswerDeadline.Scheduler scheduler, ObjectMapper mapper) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        if (!tokenUrl.isAbsolute() || tokenUrl.getHost() == null
                || !("http".equals(tokenUrl.getScheme()) || "https".equals(tokenUrl.getScheme()))) {
            throw new IllegalArgumentException("the token URL of " + downstream + " must be an absolute http(s) URL, not '"
                    + tokenUrl + "'");
        }
        this.tokenUrl = tokenUrl;
        this.target = HttpHost.create(tokenUrl);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (encode(requireText(clientId, "clientId")) + ":" + encode(requireText(clientSecret, "clientSecret")))
                        .getBytes(StandardCharsets.UTF_8));
        this.form = "grant_type=client_credentials" + Objects.requireNonNull(scope, "scope")
                .filter(s -> !s.isBlank()).map(s -> "&scope=" + encode(s)).orElse("");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the token endpoint's timeout must be positive, not " + timeout);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Where tokens come from, as messages name it. */
    public URI tokenUrl() {
        return tokenUrl;
    }

    @Override
    public ServiceToken fetch() throws IOException {
        HttpPost post = new HttpPost(tokenUrl);
        post.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        post.setHeader(HttpHeaders.ACCEPT, "application/json");
        post.setEntity(new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
        post.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .setConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .setResponseTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build());
        Runnable disarm = scheduler.schedule(timeout, post::cancel);
        try (ClassicHttpResponse response = client.executeOpen(target, post, null)) {
            byte[] body = read(response.getEntity());
            int status = response.getCode();
            if (status != 200) {
                throw new IOException(what() + " answered " + status + errorCode(body).map(e -> " (" + e + ")").orElse(""));
            }
            return token(body);
        } catch (IOException e) {
            if (post.isCancelled()) {
                throw new IOException(what() + " gave no answer within " + timeout.toMillis() + " ms", e);
            }
            throw e.getMessage() != null && e.getMessage().startsWith(what()) ? e
                    : new IOException(what() + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } finally {
            disarm.run();
        }
    }

    private ServiceToken token(byte[] body) throws IOException {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            throw new IOException(what() + " answered 200 with something that is not JSON");
        }
        JsonNode accessToken = json == null ? null : json.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
            throw new IOException(what() + " answered 200 without an access_token");
        }
        JsonNode type = json.get("token_type");
        if (type == null || !"bearer".equalsIgnoreCase(type.asText())) {
            throw new IOException(what() + " answered a token_type that is not Bearer");
        }
        JsonNode expiresIn = json.get("expires_in");
        Duration lifetime = ASSUMED_LIFETIME;
        if (expiresIn != null && !expiresIn.isNull()) {
            if (!expiresIn.canConvertToLong() || expiresIn.asLong() < 1) {
                throw new IOException(what() + " answered an expires_in that is not a positive number of seconds");
            }
            lifetime = Duration.ofSeconds(expiresIn.asLong());
        }
        try {
            return new ServiceToken(accessToken.asText(), lifetime);
        } catch (IllegalArgumentException e) {
            throw new IOException(what() + " answered an access_token that cannot be sent in a header");
        }
    }

    /** The OAuth2 {@code error} code of an error answer (RFC 6749 §5.2), which is safe to log; never the rest. */
    private Optional<String> errorCode(byte[] body) {
        try {
            JsonNode error = mapper.readTree(body).get("error");
            return Optional.ofNullable(error).map(JsonNode::asText).filter(code -> ERROR_CODE.matcher(code).matches());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new IOException("the token endpoint's answer is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private String what() {
        return "the token endpoint of " + downstream + " (" + tokenUrl + ")";
    }

    /** RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined for Basic. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
