package dev.hearth.home.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed test certificates made by the JDK's keytool in a temp dir (deleted when the JVM exits): the sandbox's
 * (for 127.0.0.1), Hearth's, and a stranger's nobody trusts; and the trust stores each side reads. Never committed:
 * every run makes new ones.
 *
 * @param sandboxKeys   the sandbox's key and certificate
 * @param sandboxTrusts the client certificates the sandbox accepts: Hearth's
 * @param hearthKeys    Hearth's key and client certificate
 * @param hearthTrusts  the server certificates Hearth trusts: the sandbox's
 * @param strangerKeys  a client certificate the sandbox does not trust
 */
record TestCertificates(Path sandboxKeys, Path sandboxTrusts, Path hearthKeys, Path hearthTrusts, Path strangerKeys) {
    static final String PASSWORD = "test-only-changeit";

    static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("hearth-certs-");
            dir.toFile().deleteOnExit();
            TestCertificates certs = new TestCertificates(dir.resolve("sandbox.p12"), dir.resolve("sandbox-trusts.p12"),
                    dir.resolve("hearth.p12"), dir.resolve("hearth-trusts.p12"), dir.resolve("stranger.p12"));
            keyPair(certs.sandboxKeys(), "sandbox", "SAN=ip:127.0.0.1,dns:localhost");
            keyPair(certs.hearthKeys(), "hearth", null);
            keyPair(certs.strangerKeys(), "stranger", null);
            trust(certs.sandboxKeys(), "sandbox", certs.hearthTrusts(), dir.resolve("sandbox.cer"));
            trust(certs.hearthKeys(), "hearth", certs.sandboxTrusts(), dir.resolve("hearth.cer"));
            try (var files = Files.list(dir)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's TLS: these keys (none when null), trusting the sandbox. */
    SSLContext context(Path keys) throws IOException, GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys == null ? null : load(keys), PASSWORD.toCharArray());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(load(hearthTrusts));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keyPair(Path store, String name, String extension) throws IOException {
        List<String> command = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=" + name + ", O=Hearth tests", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        keytool(command);
    }

    private static void trust(Path keys, String alias, Path trustStore, Path certificate) throws IOException {
        keytool(List.of("-exportcert", "-alias", alias, "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD));
    }

    private static void keytool(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + arguments.getFirst() + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running keytool", e);
        }
    }
}
