package dev.hearth.home.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.sandbox.SandboxServer;
import dev.hearth.sandbox.SandboxSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox keeps its connections as real downstreams do: 400 keep-alive connections, each asked twice, all
 * answered twice (and, as the control, 200 with the JDK's own cap given on the command line). With the JDK server's
 * own cap (200 idle connections) it closed every connection beyond 200 as it went idle, and Hearth's pools
 * reconnected for most calls. In a JVM of its own: the JDK reads the cap once per JVM, and other tests here start JDK
 * servers of their own first.
 */
class SandboxKeepAliveIT {
    static final int CONNECTIONS = 400;

    /** The sandbox alone, printing its base URI. */
    public static final class Alone {
        public static void main(String[] args) throws Exception {
            SandboxServer sandbox = SandboxServer.start(new SandboxSettings("127.0.0.1", 0, 0.0, 0.0));
            System.out.println(sandbox.baseUri());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // the test destroys it long before
        }
    }

    @Test
    @Timeout(120)
    void fourHundredKeepAliveConnectionsAreEachAnsweredTwice() throws Exception {
        assertThat(answeredTwice()).as("connections still open for a second call").isEqualTo(CONNECTIONS);
    }

    @Test
    @Timeout(120)
    void theJdksOwnCapWouldCloseAllButTwoHundredAndACommandLineValueWins() throws Exception {
        // the control: the same test run against the JDK's default, given on the command line
        assertThat(answeredTwice("-Dsun.net.httpserver.maxIdleConnections=200")).isEqualTo(200);
    }

    /** Starts the sandbox in a JVM of its own, asks each of 400 connections twice; how many answered twice. */
    static int answeredTwice(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Alone.class.getName()));
        Path errors = Files.createTempFile("sandbox-keep-alive", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String printed = output.readLine();
            while (printed != null && !printed.startsWith("http://")) { // logging's own start-up lines first
                printed = output.readLine();
            }
            if (printed == null) {
                throw new AssertionError("the sandbox's JVM printed no base URI (exit "
                        + process.waitFor() + "): " + Files.readString(errors));
            }
            URI base = URI.create(printed);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket(base.getHost(), base.getPort());
                    socket.setSoTimeout(10_000);
                    sockets.add(socket);
                    assertThat(ask(socket, base)).as("first answer on connection %d", i).isEqualTo(200);
                }
                Thread.sleep(200); // every connection idle at the server at once
                int answeredAgain = 0;
                for (Socket socket : sockets) {
                    try {
                        if (ask(socket, base) == 200) {
                            answeredAgain++;
                        }
                    } catch (IOException closedByTheServer) {
                        // counted as not answered
                    }
                }
                return answeredAgain;
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(errors);
        }
    }

    /** One keep-alive GET of alice's profile on {@code socket}; its status, the body read to its end. */
    static int ask(Socket socket, URI base) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /core/customers/alice/profile HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = line(in);
        if (status == null) {
            throw new IOException("closed by the server");
        }
        int length = 0;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString().replace("\r", "");
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
