package dev.sojourn;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two date formats of the wire: {@code Expires} (JavaScript {@code toUTCString}) and stored ISO-8601. */
final class HttpDates {
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** {@code Tue, 24 Nov 2026 17:43:58 GMT}: zero-padded day, milliseconds dropped. */
    static String expires(Instant instant) {
        return EXPIRES.format(instant);
    }

    /** {@code 2026-11-24T17:43:58.843Z}: always three fractional digits, as JavaScript's {@code toISOString}. */
    static String iso(Instant instant) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(instant.toEpochMilli()));
    }
}
