package dev.hearth.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code POST /tasks/sandbox-calls}: how many requests each port's endpoint has received since the sandbox started,
 * as one line of JSON ({@code {"profile":12,...,"openBanking":3,...}}, every port, 0 included). What a paid downstream
 * would bill: {@code deploy/fleet/run} reads {@code openBanking} from it to compare a fleet's paid calls with one
 * instance's.
 */
public final class SandboxCallsTask extends Task {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Map<String, Long>> calls;

    SandboxCallsTask(Supplier<Map<String, Long>> calls) {
        super("sandbox-calls");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws JsonProcessingException {
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException("sandbox-calls takes no parameters (it prints the calls of every port), not "
                    + parameters.keySet());
        }
        output.println(JSON.writeValueAsString(calls.get()));
    }
}
