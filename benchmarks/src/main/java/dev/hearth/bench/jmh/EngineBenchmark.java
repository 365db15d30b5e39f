package dev.hearth.bench.jmh;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.ScreenRequest;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.ScreenYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine alone: one request of a screen whose ports answer at once from memory, so what is measured is the
 * engine's own work (graph, one virtual thread per call, deadlines, dedup, results). Three shapes:
 * <ul>
 *   <li>{@code sections}: N independent sections (cost per section is the slope over N);</li>
 *   <li>{@code fanOut}: one list section and one {@code each} section over its N items (cost per fan-out item);</li>
 *   <li>{@code home}: the shape of screens/home.yml for a customer with 3 accounts and 2 cards (16 calls).</li>
 * </ul>
 * Run with {@code -prof gc} for allocations per request ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {

    @Param({"sections:1", "sections:4", "sections:16", "fanOut:1", "fanOut:10", "fanOut:100", "home:16"})
    public String shape;

    private AggregationEngine<String> engine;
    private CompiledScreen<String> screen;
    private ScreenRequest<String> request;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(":");
        int n = Integer.parseInt(parts[1]);
        PortRegistry.Builder<String> ports = PortRegistry.builder();
        String yaml = switch (parts[0]) {
            case "sections" -> {
                StringBuilder y = new StringBuilder("screen: bench\nbudget: 800ms\nsections:\n");
                for (int i = 0; i < n; i++) {
                    String name = "p" + i;
                    ports.register(PortDefinition.of(name, String.class, String.class, (in, call) -> in));
                    y.append("  - { id: s").append(i).append(", port: ").append(name)
                            .append(", from: customer, optional: true, deadline: 300ms, fallback: omit }\n");
                }
                yield y.toString();
            }
            case "fanOut" -> {
                List<String> items = IntStream.range(0, n).mapToObj(i -> "card-" + i).toList();
                ports.register(PortDefinition.ofList("list", String.class, String.class, (in, call) -> items));
                ports.register(PortDefinition.of("detail", String.class, String.class, (in, call) -> in));
                yield """
                        screen: bench
                        budget: 800ms
                        sections:
                          - { id: list, port: list, from: customer, optional: true, fallback: empty }
                          - { id: details, port: detail, from: { each: list }, optional: true, deadline: 400ms, fallback: empty }
                        """;
            }
            case "home" -> {
                List<String> accounts = List.of("acc-1", "acc-2", "acc-3");
                List<String> cards = List.of("card-1", "card-2");
                ports.register(PortDefinition.of("profile", String.class, String.class, (in, call) -> in));
                ports.register(PortDefinition.ofList("accounts", String.class, String.class, (in, call) -> accounts));
                for (String port : List.of("balance", "nickname", "partnership")) {
                    ports.register(PortDefinition.of(port, String.class, String.class, (in, call) -> in));
                }
                ports.register(PortDefinition.ofList("cardList", String.class, String.class, (in, call) -> cards));
                ports.register(PortDefinition.of("cardDetails", String.class, String.class, (in, call) -> in));
                ports.register(PortDefinition.ofList("openBanking", String.class, String.class, (in, call) -> accounts));
                ports.register(PortDefinition.ofList("banners", String.class, String.class, (in, call) -> cards));
                yield """
                        screen: bench
                        budget: 800ms
                        sections:
                          - { id: profile, port: profile, from: customer, required: true }
                          - id: accounts
                            port: accounts
                            from: customer
                            required: true
                            deadline: 600ms
                            fields:
                              balance:     { port: balance, optional: true, deadline: 300ms, fallback: { value: null } }
                              alias:       { port: nickname, optional: true, deadline: 200ms, fallback: omit }
                              partnership: { port: partnership, optional: true, fallback: omit }
                          - { id: cardList, port: cardList, from: customer, optional: true, fallback: empty }
                          - { id: cards, port: cardDetails, from: { each: cardList }, optional: true, deadline: 400ms, fallback: empty }
                          - { id: openBanking, port: openBanking, from: customer, optional: true, fallback: { stale: 10m } }
                          - { id: banners, port: banners, from: customer, optional: true, deadline: 300ms, fallback: { value: [] } }
                        """;
            }
            default -> throw new IllegalArgumentException(shape);
        };
        engine = AggregationEngine.builder(String.class).ports(ports.build()).build();
        screen = engine.compile(ScreenYaml.parse("bench.yml", yaml));
        request = ScreenRequest.builder("alice").requestId("bench").build();
    }

    @Benchmark
    public ScreenResult execute() {
        return engine.execute(screen, request);
    }

    /** For a quick look without JMH's runner. */
    public static void main(String[] args) {
        EngineBenchmark b = new EngineBenchmark();
        List<String> out = new ArrayList<>();
        for (String shape : List.of("sections:1", "sections:16", "fanOut:100", "home:16")) {
            b.shape = shape;
            b.setUp();
            for (int i = 0; i < 20_000; i++) {
                b.execute();
            }
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                b.execute();
            }
            out.add(shape + " " + (System.nanoTime() - start) / 20_000 / 1000.0 + " us");
        }
        out.forEach(System.out::println);
    }
}
