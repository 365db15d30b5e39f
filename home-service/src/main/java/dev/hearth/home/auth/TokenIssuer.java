package dev.hearth.home.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hearth.ports.domain.model.CustomerId;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Signs tokens as the sandbox's identity provider would (ES256, with the sandbox's private JWK).
 * Used by the {@code token} command and by tests; production tokens come from the real issuer.
 */
public final class TokenIssuer {
    private final ECKey key;
    private final String issuer;
    private final String audience;

    public TokenIssuer(String privateJwk, String issuer, String audience) {
        Objects.requireNonNull(privateJwk, "sandbox.signingKey is not set: the token command needs the sandbox's private JWK");
        try {
            this.key = ECKey.parse(privateJwk);
        } catch (ParseException e) {
            throw new IllegalArgumentException("sandbox.signingKey is not an EC private JWK: " + e.getMessage(), e);
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("sandbox.signingKey holds only a public key: it needs the private part (\"d\")");
        }
        this.issuer = issuer;
        this.audience = audience;
    }

    public String issue(CustomerId customer, String scope, Instant issuedAt, Duration validFor) {
        return issue(customer, scope, issuedAt, validFor, audience);
    }

    public String issue(CustomerId customer, String scope, Instant issuedAt, Duration validFor, String tokenAudience) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(customer.value())
                .issuer(issuer)
                .audience(tokenAudience)
                .claim("scope", scope)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(validFor)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a sandbox token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
