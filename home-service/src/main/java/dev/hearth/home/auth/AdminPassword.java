package dev.hearth.home.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin port's password, known only as a PBKDF2-HMAC-SHA256 hash (the JDK's {@code PBKDF2WithHmacSHA256}):
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. {@code ./hearth admin-hash} makes one; the service
 * verifies a presented password against it in constant time (the comparison of the derived bytes does not stop at the
 * first difference).
 */
public final class AdminPassword {
    public static final String SCHEME = "pbkdf2-sha256";
    /** What {@code admin-hash} uses: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 600_000;
    /** Fewer is refused: a hash made with a handful of iterations is little better than the password itself. */
    public static final int MIN_ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private AdminPassword(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Reads a hash in the format above.
     *
     * @throws IllegalArgumentException saying what is wrong with it, never repeating it
     */
    public static AdminPassword parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String[] parts = encoded.trim().split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("is not a " + SCHEME + "$<iterations>$<salt>$<hash> hash; make one with "
                    + "./hearth admin-hash");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a " + SCHEME + " hash (iterations a number, salt and hash in "
                    + "base64); make one with ./hearth admin-hash");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("has " + iterations + " iterations, fewer than " + MIN_ITERATIONS
                    + "; make a new one with ./hearth admin-hash");
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("has a salt or hash too short to be one made by ./hearth admin-hash");
        }
        return new AdminPassword(iterations, salt, hash);
    }

    /** A new hash of {@code password} with a random salt, in the format {@link #parse} reads. */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether {@code password} is the one hashed: the whole derivation and comparison, whatever it is. */
    public boolean matches(String password) {
        char[] chars = password.toCharArray();
        try {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations, hash.length));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Constant-time equality of two strings' UTF-8 bytes (for the user name). */
    public static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
