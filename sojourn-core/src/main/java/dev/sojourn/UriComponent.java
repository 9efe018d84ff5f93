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

    /**
     * The common case, a signed session id ({@code s%3A…%2F…}): ASCII text whose escapes are all
     * ASCII decodes character by character, with no UTF-8 decoder. Returns {@code null} for anything
     * else (non-ASCII characters or escapes, malformed escapes), which {@link #decode} then handles.
     */
    private static @Nullable String decodeAscii(String text) {
        int length = text.length();
        byte[] out = new byte[length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= length) {
                    return null;
                }
                int hi = hexDigit(text.charAt(i + 1));
                int lo = hexDigit(text.charAt(i + 2));
                if (hi < 0 || hi > 7 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 128) {
                out[n++] = (byte) c;
            } else {
                return null;
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Decodes, or returns {@code null} when the text has a malformed escape or is not UTF-8. */
    static @Nullable String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        String ascii = decodeAscii(text);
        if (ascii != null) {
            return ascii;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = hexDigit(text.charAt(i + 1));
                int lo = hexDigit(text.charAt(i + 2));
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

    /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, which also takes fullwidth and other digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
