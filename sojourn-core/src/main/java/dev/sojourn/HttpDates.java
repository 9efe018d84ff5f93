package dev.sojourn;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The two date formats of the wire: {@code Expires} (JavaScript {@code toUTCString}) and stored ISO-8601.
 * Formatting and parsing are hand-written for the fixed shapes (a {@link DateTimeFormatter} costs
 * about a microsecond per call on the request path); anything unusual goes through the formatters.
 */
final class HttpDates {
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The last {@code Expires} value formatted: with a fixed maxAge, every request in one second sends the same. */
    private static volatile @Nullable CachedExpires lastExpires;

    private record CachedExpires(long epochSecond, String text) {
    }

    private HttpDates() {
    }

    /** {@code Tue, 24 Nov 2026 17:43:58 GMT}: zero-padded day, milliseconds dropped. */
    static String expires(Instant instant) {
        long second = instant.getEpochSecond();
        CachedExpires cached = lastExpires;
        if (cached != null && cached.epochSecond == second) {
            return cached.text;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return EXPIRES.format(instant);
        }
        StringBuilder out = new StringBuilder(29)
                .append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        two(out, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ').append(t.getYear()).append(' ');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond()).append(" GMT");
        String text = out.toString();
        lastExpires = new CachedExpires(second, text);
        return text;
    }

    /** {@code 2026-11-24T17:43:58.843Z}: always three fractional digits, as JavaScript's {@code toISOString}. */
    static String iso(Instant instant) {
        long millis = instant.toEpochMilli();
        long second = Math.floorDiv(millis, 1000L);
        int milli = (int) Math.floorMod(millis, 1000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
        }
        StringBuilder out = new StringBuilder(24).append(t.getYear()).append('-');
        two(out, t.getMonthValue()).append('-');
        two(out, t.getDayOfMonth()).append('T');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond()).append('.');
        out.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
        return out.append('Z').toString();
    }

    /**
     * Parses an ISO-8601 UTC instant as {@link Instant#parse} does. The shape every JavaScript
     * {@code toISOString} and {@link #iso} produce ({@code 2026-11-24T17:43:58.843Z}, 0 to 9
     * fractional digits) is parsed by hand; anything else goes to {@link Instant#parse}.
     *
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse} does
     */
    static Instant parseIso(String text) {
        Instant fast = parseCommon(text);
        return fast != null ? fast : Instant.parse(text);
    }

    private static @Nullable Instant parseCommon(String s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
