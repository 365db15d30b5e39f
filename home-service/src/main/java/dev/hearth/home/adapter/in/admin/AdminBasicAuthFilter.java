package dev.hearth.home.adapter.in.admin;

import dev.hearth.home.auth.AdminPassword;
import dev.hearth.home.runtime.ContentHash;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP basic authentication for every path of the admin port (tasks, metrics, Prometheus, threads, pprof, traces, the
 * migration pages, the menu) except the probes Kubernetes calls without credentials: {@code GET /health-check} (liveness
 * and readiness, whatever the query), {@code GET /healthcheck} and {@code GET /ping} (and their HEAD). Without
 * credentials, or with wrong ones, 401 {@code application/problem+json}
 * with {@code WWW-Authenticate: Basic realm="hearth-admin"}.
 *
 * <p>The password is verified against its PBKDF2 hash ({@link AdminPassword}), in constant time. That costs a few
 * hundred milliseconds by design, so the last header that was verified is remembered as its SHA-256 (never the
 * password): a scraper sending the same credentials every 15 s pays once.
 */
public final class AdminBasicAuthFilter implements Filter {
    public static final String REALM = "hearth-admin";
    public static final String UNAUTHORIZED = "https://hearth.dev/problems/admin-unauthorized";
    /** Reachable without credentials: what a Kubernetes probe calls (docs/RUNBOOK.md, "The admin port"). */
    public static final Set<String> PROBES = Set.of("/health-check", "/healthcheck", "/ping");

    private final String username;
    private final AdminPassword password;
    private final AtomicReference<byte[]> lastVerified = new AtomicReference<>();

    public AdminBasicAuthFilter(String username, AdminPassword password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (isProbe(request)) {
            chain.doFilter(req, res);
            return;
        }
        if (authenticated(request.getHeader("Authorization"))) {
            chain.doFilter(new Authenticated(request, username), res); // the tasks record who changed what
            return;
        }
        byte[] body = ("{\"type\":\"" + UNAUTHORIZED + "\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"the admin port needs HTTP basic authentication\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.setContentType(TaskProblemServlet.PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request as the authenticated admin user's: {@code getRemoteUser()} is {@code admin.username}. */
    private static final class Authenticated extends HttpServletRequestWrapper {
        private final String user;

        Authenticated(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }

        @Override
        public Principal getUserPrincipal() {
            return () -> user;
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }
    }

    private static boolean isProbe(HttpServletRequest request) {
        String method = request.getMethod();
        // The request URI as sent, not a decoded path: /healthcheck/../tasks/x or %2F tricks are not a probe.
        String uri = request.getRequestURI();
        String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
        return ("GET".equals(method) || "HEAD".equals(method)) && PROBES.contains(path);
    }

    /** Whether {@code header} is {@code Basic base64(username:password)} with this port's user and password. */
    boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String token = header.substring(6).trim();
        byte[] digest = sha256(token);
        byte[] known = lastVerified.get();
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            return false;
        }
        boolean user = AdminPassword.sameText(username, decoded.substring(0, colon));
        boolean pass = password.matches(decoded.substring(colon + 1)); // derived even for a wrong user: same time
        if (user && pass) {
            lastVerified.set(digest);
            return true;
        }
        return false;
    }

    private static byte[] sha256(String text) {
        return ContentHash.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
