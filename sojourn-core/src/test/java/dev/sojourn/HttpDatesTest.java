package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §1.4 (Expires as JavaScript toUTCString) and §3.10 (ISO-8601 with exactly three fractional digits). */
class HttpDatesTest {

    @Test
    void expires_epoch_zeroPadsTheDay() {
        assertThat(HttpDates.expires(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        // the JDK's RFC 1123 formatter does not pad the day, which is why it must not be used
        assertThat(DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.EPOCH.atOffset(ZoneOffset.UTC)))
                .isEqualTo("Thu, 1 Jan 1970 00:00:00 GMT");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-11-24T17:43:58.843Z | Tue, 24 Nov 2026 17:43:58 GMT",
            "2026-11-03T17:43:58.999Z | Tue, 03 Nov 2026 17:43:58 GMT",
            "2026-01-05T01:02:03.000Z | Mon, 05 Jan 2026 01:02:03 GMT",
            "2000-02-29T23:59:59.999Z | Tue, 29 Feb 2000 23:59:59 GMT",
            "2038-01-19T03:14:08Z     | Tue, 19 Jan 2038 03:14:08 GMT"})
    void expires_instant_formatsLikeToUtcStringDroppingMillis(String iso, String expected) {
        assertThat(HttpDates.expires(Instant.parse(iso))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1970-01-01T00:00:00Z           | 1970-01-01T00:00:00.000Z",
            "2026-11-24T17:43:58Z           | 2026-11-24T17:43:58.000Z",
            "2026-11-24T17:43:58.5Z         | 2026-11-24T17:43:58.500Z",
            "2026-11-24T17:43:58.843Z       | 2026-11-24T17:43:58.843Z",
            "2026-11-24T17:43:58.843999999Z | 2026-11-24T17:43:58.843Z",
            "2026-11-24T17:43:58.000001Z    | 2026-11-24T17:43:58.000Z"})
    void iso_instant_alwaysHasThreeFractionalDigits(String iso, String expected) {
        assertThat(HttpDates.iso(Instant.parse(iso))).isEqualTo(expected);
    }

    @Test
    void iso_wholeSecond_differsFromInstantToString() {
        Instant whole = Instant.parse("2026-11-24T17:43:58Z");
        assertThat(whole.toString()).isEqualTo("2026-11-24T17:43:58Z");
        assertThat(HttpDates.iso(whole)).isEqualTo("2026-11-24T17:43:58.000Z");
    }

    private static final DateTimeFormatter EXPIRES_REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The hand-written formatting and parsing agree with the JDK's formatters everywhere, years -1 to 10 000 and beyond. */
    @Test
    void handWrittenDates_randomInstants_agreeWithTheJdkFormatters() {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(-62_200_000_000_000L, 260_000_000_000_000L));
            assertThat(HttpDates.expires(t)).as("expires of %s", t).isEqualTo(EXPIRES_REFERENCE.format(t));
            String iso = ISO_REFERENCE.format(t);
            assertThat(HttpDates.iso(t)).as("iso of %s", t).isEqualTo(iso);
            assertThat(HttpDates.parseIso(iso)).as("parse of %s", iso).isEqualTo(Instant.parse(iso));
            Instant withNanos = t.plusNanos(random.nextInt(1_000_000));
            assertThat(HttpDates.parseIso(withNanos.toString())).isEqualTo(withNanos);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00Z", "2026-01-01T00:00:60.5Z",
            "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00", "not a date"})
    void parseIso_invalid_throwsAsInstantParseDoes(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> HttpDates.parseIso(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @CsvSource({"2026-12-31T23:59:60Z", "2026-12-31T24:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01t00:00:00Z",
            "2026-01-01T00:00:00+01:00", "+12026-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"})
    void parseIso_unusualButValid_parsesAsInstantParseDoes(String text) {
        assertThat(HttpDates.parseIso(text)).isEqualTo(Instant.parse(text));
    }
}
