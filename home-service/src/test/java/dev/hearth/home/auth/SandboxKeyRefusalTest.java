package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.hearth.home.config.AuthFactory;
import io.dropwizard.jackson.Jackson;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With the sandbox off, a key of auth.jwks with the sandbox key's kid or material refuses start-up. */
class SandboxKeyRefusalTest {
    static final String SANDBOX_PUBLIC = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"sandbox-2026-11\",\"alg\":\"ES256\","
            + "\"use\":\"sig\",\"x\":\"eNXYr6tV4Qk3Rkca7O7ALzVJ5AQSBjM_7AXkkggeSa4\","
            + "\"y\":\"rPS5L_5SXg_XBd-ACQ61ueA0aZQTVwuAV7LTMtl1bjc\"}";
    private static final ECKey IDP = key("idp-2026-11");

    private static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VerificationKeys trusting(String... keys) {
        return VerificationKeys.of(Jackson.newObjectMapper().convertValue(
                Map.of("jwks", "{\"keys\":[" + String.join(",", keys) + "]}"), AuthFactory.class));
    }

    @Test
    void theShippedSandboxKeyWithTheSandboxOffRefusesToStartSayingHowToFixIt() {
        assertThatThrownBy(() -> trusting(IDP.toPublicJWK().toJSONString(), SANDBOX_PUBLIC)
                .refuseSandboxKeyWithoutSandbox(false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.jwks trusts the sandbox's signing key (kid sandbox-2026-11) while "
                        + "sandbox.enabled is false")
                .hasMessageContaining("Set auth.jwksUri to the identity provider's JWK set URL and remove auth.jwks");
    }

    @Test
    void theSandboxKeyUnderAnotherKidIsRefusedByItsMaterial() {
        String renamed = SANDBOX_PUBLIC.replace("sandbox-2026-11", "idp-looks-legit");

        assertThatThrownBy(() -> trusting(renamed).refuseSandboxKeyWithoutSandbox(false, Optional.empty()))
                .hasMessageContaining("trusts the sandbox's signing key");
    }

    @Test
    void theConfiguredSigningKeyIsTheSandboxsKeyToo() {
        ECKey own = key("my-sandbox");

        assertThatThrownBy(() -> trusting(own.toPublicJWK().toJSONString())
                .refuseSandboxKeyWithoutSandbox(false, Optional.of(own.toJSONString())))
                .hasMessageContaining("(kid my-sandbox)");
        assertThatThrownBy(() -> trusting(key("my-sandbox").toPublicJWK().toJSONString())
                .refuseSandboxKeyWithoutSandbox(false, Optional.of(own.toJSONString())))
                .as("its kid alone").hasMessageContaining("(kid my-sandbox)");
    }

    @Test
    void theIdentityProvidersKeysOrTheSandboxOnStart() {
        assertThatCode(() -> trusting(IDP.toPublicJWK().toJSONString())
                .refuseSandboxKeyWithoutSandbox(false, Optional.of(key("sbx").toJSONString()))).doesNotThrowAnyException();
        assertThatCode(() -> trusting(SANDBOX_PUBLIC).refuseSandboxKeyWithoutSandbox(true, Optional.empty()))
                .doesNotThrowAnyException();
    }
}
