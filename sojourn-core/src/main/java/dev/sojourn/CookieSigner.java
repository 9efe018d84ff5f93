package dev.sojourn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies session ids in the format of express-session and {@code cookie-signature}
 * (spec §1.1–1.2): {@code s:} + id + {@code .} + base64 (standard alphabet, no padding) of
 * HMAC-SHA256(secret, id). The first secret signs; every secret is tried when verifying, with a
 * constant-time comparison. Thread-safe.
 *
 * <p>HMAC is computed from SHA-256 states that have already absorbed each key's inner and outer
 * pad (RFC 2104), cloned per call: two SHA-256 blocks per id instead of four.
 */
public final class CookieSigner {
    static final String PREFIX = "s:";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final int BLOCK = 64;

    private final List<MessageDigest> inner;
    private final List<MessageDigest> outer;

    /** @param secrets at least one secret; the first signs, all verify */
    public CookieSigner(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        if (secrets.stream().anyMatch(secret -> secret.length == 0)) {
            throw new IllegalArgumentException("a secret must not be empty: anyone could sign with it");
        }
        this.inner = secrets.stream().map(s -> padded(s, (byte) 0x36)).toList();
        this.outer = secrets.stream().map(s -> padded(s, (byte) 0x5c)).toList();
    }

    private static MessageDigest padded(byte[] secret, byte pad) {
        MessageDigest sha = sha256();
        byte[] key = secret.length > BLOCK ? sha256().digest(secret) : secret;
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        }
        sha.update(block);
        return sha;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Returns {@code s:<id>.<signature>}, not yet URI-encoded. */
    public String sign(String id) {
        return PREFIX + id + '.' + BASE64.encodeToString(mac(0, id.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns the id of a signed value ({@code s:} prefix included), or {@code null} when it is
     * unsigned, malformed, or signed with none of the secrets. An empty id is also rejected.
     */
    public @Nullable String unsign(String value) {
        Verified verified = verify(value);
        return verified == null ? null : verified.id();
    }

    /**
     * A verified signed value and its id; when the first secret signed it, the value is exactly what
     * {@link #sign} gives for the id, so it can be sent back as it is.
     */
    record Verified(String id, String value, boolean signedByFirstSecret) {
    }

    /** {@link #unsign}, telling also which secret signed; every secret is tried, each in constant time. */
    @Nullable Verified verify(String value) {
        if (!value.startsWith(PREFIX)) {
            return null;
        }
        int dot = value.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return null;
        }
        String id = value.substring(PREFIX.length(), dot);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        boolean first = false;
        for (int i = 0; i < inner.size(); i++) {
            byte[] expected = BASE64.encode(mac(i, idBytes));
            boolean equal = MessageDigest.isEqual(expected, given);
            first |= equal && i == 0;
            match |= equal;
        }
        return match ? new Verified(id, value, first) : null;
    }

    private byte[] mac(int keyIndex, byte[] data) {
        try {
            MessageDigest in = (MessageDigest) inner.get(keyIndex).clone();
            in.update(data);
            MessageDigest out = (MessageDigest) outer.get(keyIndex).clone();
            out.update(in.digest());
            return out.digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests cannot be cloned in this JVM", e);
        }
    }
}
