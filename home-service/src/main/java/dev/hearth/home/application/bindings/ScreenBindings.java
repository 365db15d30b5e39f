package dev.hearth.home.application.bindings;

import dev.hearth.dsl.CallContext;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The screens' vocabulary: every system's {@link ScreenPorts}, registered with the engine under the names the screen
 * files use, with their input and output types and the timeout ops set for each.
 */
public final class ScreenBindings {
    /** The request attribute that carries the caller's bearer token to ports that forward it. */
    public static final String AUTHORIZATION = "authorization";
    /** The request attribute that carries the W3C {@code traceparent} of the request's span to every port. */
    public static final String TRACEPARENT = "traceparent";
    /** Every registration, in the order their ports are registered. A new downstream system adds its own here. */
    public static final List<Class<? extends ScreenPorts>> REGISTRATIONS = List.of(CoreBankingPorts.class,
            PartnerPorts.class, NicknamePorts.class, CardPorts.class, OpenBankingPorts.class, MarketingPorts.class);

    private ScreenBindings() {
    }

    /**
     * Registers every port of {@code registrations}. {@code timeouts} maps port names to the timeout ops configured;
     * a port without one keeps no port timeout (the section deadline and screen budget still apply).
     */
    public static BoundPorts bind(List<? extends ScreenPorts> registrations,
            Function<String, Optional<Duration>> timeouts) {
        return new Registrar(timeouts).register(registrations);
    }

    /**
     * Every registration with no adapter behind its out-ports: the same names, input and output types as in the
     * server, for the commands that only compile and plan screens. Calling a port is a bug and says so.
     */
    public static List<ScreenPorts> unconnected() {
        return connected(ScreenBindings::unavailable);
    }

    /**
     * Every registration with the out-ports {@code ports} gives for each out-port type: the warm-up's, answered by
     * canned downstreams (docs/adr/018-probes-warm-up-and-drain.md).
     */
    public static List<ScreenPorts> connected(Function<Class<?>, Object> ports) {
        return REGISTRATIONS.stream().<ScreenPorts>map(registration -> connected(registration, ports)).toList();
    }

    private static ScreenPorts connected(Class<? extends ScreenPorts> registration, Function<Class<?>, Object> out) {
        Constructor<?> constructor = registration.getConstructors()[0];
        Object[] ports = Arrays.stream(constructor.getParameterTypes()).map(out).toArray();
        try {
            return registration.cast(constructor.newInstance(ports));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(registration.getSimpleName() + " needs one public constructor taking "
                    + "its out-ports", e);
        }
    }

    private static Object unavailable(Class<?> port) {
        return Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "unconnected " + port.getSimpleName();
                };
            }
            throw new UnsupportedOperationException(port.getSimpleName() + " is not connected: the screen "
                    + "commands only compile and plan screens, they never call a port");
        });
    }

    static RequestContext context(CallContext<CustomerId> call) {
        return new RequestContext(call.requestId(), call.customer(), call.attribute(AUTHORIZATION),
                call.attribute(TRACEPARENT));
    }
}
