package dev.hearth.home.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, and the short content hash Hearth shows as the version of what it follows (screens, port policies, the
 * rollout, the files on disk): the first 12 hex digits, equal on every instance that follows equal content
 * (docs/adr/021-fleet-config.md).
 */
public final class ContentHash {
    private ContentHash() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The short hash of what {@code sha} was given (which it then forgets). */
    public static String version(MessageDigest sha) {
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    /** The short hash of {@code text} (UTF-8). */
    public static String version(String text) {
        MessageDigest sha = sha256();
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return version(sha);
    }
}
