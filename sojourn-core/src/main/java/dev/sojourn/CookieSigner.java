package dev.sojourn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies session ids in the format of express-session and {@code cookie-signature}
 * (spec §1.1–1.2): {@code s:} + id + {@code .} + base64 (standard alphabet, no padding) of
 * HMAC-SHA256(secret, id). The first secret signs; every secret is tried when verifying, with a
 * constant-time comparison. Thread-safe.
 */
public final class CookieSigner {
    static final String PREFIX = "s:";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final List<SecretKeySpec> keys;
    private final ThreadLocal<Mac[]> macs;

    /** @param secrets at least one secret; the first signs, all verify */
    public CookieSigner(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        this.keys = secrets.stream().map(s -> new SecretKeySpec(s.clone(), "HmacSHA256")).toList();
        this.macs = ThreadLocal.withInitial(() -> new Mac[keys.size()]);
    }

    /** Returns {@code s:<id>.<signature>}, not yet URI-encoded. */
    public String sign(String id) {
        return PREFIX + id + '.' + signature(0, id);
    }

    /**
     * Returns the id of a signed value ({@code s:} prefix included), or {@code null} when it is
     * unsigned, malformed, or signed with none of the secrets. An empty id is also rejected.
     */
    public @Nullable String unsign(String value) {
        if (!value.startsWith(PREFIX)) {
            return null;
        }
        int dot = value.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return null;
        }
        String id = value.substring(PREFIX.length(), dot);
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (int i = 0; i < keys.size(); i++) {
            byte[] expected = signature(i, id).getBytes(StandardCharsets.UTF_8);
            match |= MessageDigest.isEqual(expected, given);
        }
        return match ? id : null;
    }

    private String signature(int keyIndex, String id) {
        Mac[] cache = macs.get();
        Mac mac = cache[keyIndex];
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(keys.get(keyIndex));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
            cache[keyIndex] = mac;
        }
        return BASE64.encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
