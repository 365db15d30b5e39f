package dev.hearth.bench.fleet;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh ES256 key pair for one run of {@code deploy/fleet/run}: {@code FleetKey DIR} writes {@code DIR/signing.jwk}
 * (the private JWK the sandbox process's {@code token} command signs with) and {@code DIR/jwks.json} (its public JWK set,
 * the fleet instances' {@code auth.jwks}). The instances run with the sandbox disabled, so they must not trust the
 * sandbox's published key (start-up refuses it); a key that lives only for the run is what they trust instead.
 */
public final class FleetKey {
    private FleetKey() {
    }

    public static void main(String[] args) throws JOSEException, java.io.IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FleetKey DIR (writes DIR/signing.jwk and DIR/jwks.json)");
        }
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("fleet-run-" + System.currentTimeMillis())
                .algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        Path dir = Path.of(args[0]);
        Files.writeString(dir.resolve("signing.jwk"), key.toJSONString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString(), StandardCharsets.UTF_8);
    }
}
