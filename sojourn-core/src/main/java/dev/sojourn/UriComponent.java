package dev.sojourn;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * JavaScript's {@code encodeURIComponent} and {@code decodeURIComponent}, which the cookie value's
 * wire format depends on (spec §1.1, §1.3). {@code java.net.URLEncoder} differs: it writes spaces
 * as {@code +} and escapes {@code ~ ! * ' ( )}.
 */
final class UriComponent {
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = 'A'; c <= 'Z'; c++) UNRESERVED[c] = true;
        for (char c = 'a'; c <= 'z'; c++) UNRESERVED[c] = true;
        for (char c = '0'; c <= '9'; c++) UNRESERVED[c] = true;
        for (char c : "-_.!~*'()".toCharArray()) UNRESERVED[c] = true;
    }

    private UriComponent() {
    }

    static String encode(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) < 128 && UNRESERVED[text.charAt(i)]) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        byte[] bytes = text.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v < 128 && UNRESERVED[v]) {
                out.append((char) v);
            } else {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return out.toString();
    }

    /** Decodes, or returns {@code null} when the text has a malformed escape or is not UTF-8. */
    static @Nullable String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 128) {
                bytes.write(c);
            } else {
                // a surrogate pair is one character: encoding its halves apart would give "??"
                int end = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1)) ? i + 2 : i + 1;
                byte[] raw = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
