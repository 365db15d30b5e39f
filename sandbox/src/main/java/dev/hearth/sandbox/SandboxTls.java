package dev.hearth.sandbox;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** The sandbox's https: its own certificate, and a client certificate required of every connection. */
final class SandboxTls {
    private SandboxTls() {
    }

    static HttpsConfigurator requiringClientCertificates(SandboxCredential.ClientCertificate certificate) throws IOException {
        SSLContext context;
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(certificate.keyStore(), certificate.keyStorePassword(), certificate.keyStoreType()),
                    certificate.keyStorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(certificate.trustStore(), certificate.trustStorePassword(), certificate.trustStoreType()));
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IOException("the sandbox's key or trust store cannot be used: " + e.getMessage(), e);
        }
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(parameters);
            }
        };
    }

    private static KeyStore load(Path path, String password, String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
