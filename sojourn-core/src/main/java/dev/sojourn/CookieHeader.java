package dev.sojourn;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds one cookie in the request's {@code Cookie} headers the way Node's {@code cookie} 0.7.2
 * does (spec §1.3): headers joined with {@code "; "}, the first occurrence of a name wins, one pair
 * of quotes is removed, and the value is URI-decoded only when it contains {@code %} (kept raw when
 * decoding fails).
 */
final class CookieHeader {
    private CookieHeader() {
    }

    static @Nullable String find(List<String> headers, String name) {
        for (String header : headers) {
            String value = find(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static @Nullable String find(String header, String name) {
        int length = header.length();
        if (length < 2) {
            return null;
        }
        int start = 0;
        while (start < length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int eq = header.indexOf('=', start);
            if (eq >= 0 && eq < end) {
                int nameStart = skipSpace(header, start, eq);
                int nameEnd = trimEnd(header, nameStart, eq);
                if (nameEnd - nameStart == name.length() && header.startsWith(name, nameStart)) {
                    int valueStart = skipSpace(header, eq + 1, end);
                    int valueEnd = trimEnd(header, valueStart, end);
                    return decode(header.substring(valueStart, valueEnd));
                }
            }
            start = end + 1;
        }
        return null;
    }

    private static String decode(String value) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
        }
        String decoded = UriComponent.decode(value);
        return decoded == null ? value : decoded;
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
