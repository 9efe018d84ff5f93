package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
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
}
