package dev.hearth.bench.stub;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's downstreams, cheap enough to share two cores with Hearth and the load generator: at start it
 * records every answer the real sandbox ({@code ./hearth sandbox}, latency 0) gives for the demo customers (their
 * profiles, accounts, balances, partnerships, activities, card lists, card details, open banking, banners), then
 * serves those exact bodies from memory, each after its endpoint's base latency from the sandbox
 * (home-service/.../sandbox/Endpoint.java) times {@code --latency-scale}, with no jitter, from {@link ReplayServer}:
 * no thread waits per request, a timer writes each answer when it is due.
 *
 * <p>The legacy home ({@code /legacy/customers/ID/home}) is recorded too when {@code --tokens} gives a bearer token
 * per customer (it needs one), and replayed after the sum of its parts' latencies, as the sandbox's sequential
 * monolith takes: the shadow-comparison scenario calls it.
 *
 * <p>{@code --record-from http://127.0.0.1:PORT --port N --latency-scale S [--customers alice,bob,carol,dave]
 * [--tokens alice=JWT,bob=JWT]}
 */
public final class ReplayDownstreams {
    /** Base latency per endpoint, as the sandbox's Endpoint enum has them (ms); matched in order. */
    private static final Map<Pattern, Integer> LATENCIES = new LinkedHashMap<>();

    static {
        LATENCIES.put(Pattern.compile("/core/customers/[^/]+/profile"), 20);
        LATENCIES.put(Pattern.compile("/core/customers/[^/]+/accounts"), 30);
        LATENCIES.put(Pattern.compile("/core/accounts/[^/]+/balance"), 25);
        LATENCIES.put(Pattern.compile("/core/accounts/[^/]+/activities"), 35);
        LATENCIES.put(Pattern.compile("/partners/accounts/[^/]+/partnership"), 30);
        LATENCIES.put(Pattern.compile("/cards/customers/[^/]+/cards"), 25);
        LATENCIES.put(Pattern.compile("/cards/cards/[^/]+"), 40);
        LATENCIES.put(Pattern.compile("/openbanking/customers/[^/]+/balances"), 80);
        LATENCIES.put(Pattern.compile("/marketing/customers/[^/]+/banners"), 30);
    }

    /** The legacy monolith's own overhead before it waits for each of its parts in turn (sandbox: LEGACY_HOME). */
    private static final int LEGACY_OWN_MS = 15;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        double scale = Double.parseDouble(o.getOrDefault("--latency-scale", "1"));
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String pair : o.getOrDefault("--tokens", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                tokens.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        Map<String, ReplayServer.Answer> answers = record(URI.create(o.get("--record-from")),
                List.of(o.getOrDefault("--customers", "alice,bob,carol,dave").split(",")), tokens, scale);

        ReplayServer.Answer notFound = ReplayServer.Answer.of(404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8), 0);
        ReplayServer server = new ReplayServer(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("--port"))),
                path -> answers.getOrDefault(path, notFound));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("answers written in more than one go: "
                + server.partialWrites() + "; accepts that failed (out of descriptors?): " + server.failedAccepts())));
        int largest = answers.values().stream().mapToInt(a -> a.bytes().length).max().orElse(0);
        System.out.println("replaying " + answers.size() + " sandbox answers (the largest " + largest
                + " bytes) at http://127.0.0.1:" + server.port() + " (latency x" + scale + ")");
    }

    private static Map<String, ReplayServer.Answer> record(URI sandbox, List<String> customers, Map<String, String> tokens,
            double scale) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, ReplayServer.Answer> answers = new LinkedHashMap<>();
        for (String customer : customers) {
            List<String> paths = new ArrayList<>(List.of("/core/customers/" + customer + "/profile",
                    "/openbanking/customers/" + customer + "/balances", "/marketing/customers/" + customer + "/banners"));
            String accounts = fetch(http, sandbox, "/core/customers/" + customer + "/accounts", answers, scale);
            for (String account : ids(accounts, "accountId")) {
                paths.add("/core/accounts/" + account + "/balance");
                paths.add("/core/accounts/" + account + "/activities");
                paths.add("/partners/accounts/" + account + "/partnership");
            }
            String cards = fetch(http, sandbox, "/cards/customers/" + customer + "/cards", answers, scale);
            for (String card : ids(cards, "cardId")) {
                paths.add("/cards/cards/" + card);
            }
            for (String path : paths) {
                fetch(http, sandbox, path, answers, scale);
            }
            String token = tokens.get(customer);
            if (token != null) {
                recordLegacyHome(http, sandbox, customer, token, answers, scale);
            }
        }
        return answers;
    }

    private static String fetch(HttpClient http, URI sandbox, String path, Map<String, ReplayServer.Answer> answers, double scale)
            throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(sandbox.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        answers.put(path, answer(response.statusCode(), response.body(), nanos(baseMillis(path), scale)));
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /**
     * The legacy home waits for its parts one after another: profile, accounts, per account balance and
     * partnership, card list, per card its detail, open banking, banners (the sandbox's LegacyHomeScreen).
     */
    private static void recordLegacyHome(HttpClient http, URI sandbox, String customer, String token,
            Map<String, ReplayServer.Answer> answers, double scale) throws Exception {
        String path = "/legacy/customers/" + customer + "/home";
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(sandbox.resolve(path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the sandbox's legacy home answered " + response.statusCode() + " for "
                    + customer + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        long parts = LEGACY_OWN_MS;
        for (String p : answers.keySet()) {
            boolean mine = p.contains("/customers/" + customer + "/") || p.contains("/accounts/" + customer + "-")
                    || p.contains("/cards/" + customer + "-");
            if (mine && !p.endsWith("/activities")) {
                parts += baseMillis(p);
            }
        }
        answers.put(path, answer(200, response.body(), nanos(parts, scale)));
    }

    private static ReplayServer.Answer answer(int status, byte[] body, long delayNanos) {
        return ReplayServer.Answer.of(status, status >= 400 ? "application/problem+json" : "application/json", body,
                delayNanos);
    }

    private static int baseMillis(String path) {
        for (Map.Entry<Pattern, Integer> e : LATENCIES.entrySet()) {
            if (e.getKey().matcher(path).matches()) {
                return e.getValue();
            }
        }
        return 0;
    }

    private static long nanos(long millis, double scale) {
        return Math.round(millis * scale * 1_000_000);
    }

    private static List<String> ids(String json, String field) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private ReplayDownstreams() {
    }
}
