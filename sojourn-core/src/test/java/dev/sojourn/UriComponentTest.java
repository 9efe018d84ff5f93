package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JavaScript's encodeURIComponent / decodeURIComponent (spec §1.1, §1.3), not java.net.URLEncoder. */
class UriComponentTest {

    @Test
    void encode_unreservedCharacters_areLeftAlone() {
        String unreserved = "ABCXYZabcxyz0189-_.!~*'()";
        assertThat(UriComponent.encode(unreserved)).isEqualTo(unreserved);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s:a+b/c   | s%3Aa%2Bb%2Fc",
            "a b       | a%20b",
            "%         | %25",
            "=;,\"     | %3D%3B%2C%22",
            "\u00fc     | %C3%BC",
            "\u20ac     | %E2%82%AC",
            "\uD83D\uDE00 | %F0%9F%98%80"})
    void encode_reservedAndNonAscii_arePercentEncodedUtf8UpperHex(String text, String encoded) {
        assertThat(UriComponent.encode(text)).isEqualTo(encoded);
    }

    @Test
    void encode_emptyString_isEmpty() {
        assertThat(UriComponent.encode("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s%3Aa%2Bb%2Fc | s:a+b/c",
            "a%20b         | a b",
            "a+b%20        | 'a+b '",
            "%c3%bc        | \u00fc",
            "%F0%9F%98%80  | \uD83D\uDE00"})
    void decode_validEscapes_areDecoded(String encoded, String text) {
        assertThat(UriComponent.decode(encoded)).isEqualTo(text);
    }

    @Test
    void decode_withoutPercent_returnsInputUnchanged() {
        assertThat(UriComponent.decode("a+b/c\u00fc")).isEqualTo("a+b/c\u00fc");
    }

    @Test
    void decode_rawNonAsciiNextToEscape_isKept() {
        assertThat(UriComponent.decode("\u00fc%41")).isEqualTo("\u00fcA");
        assertThat(UriComponent.decode("\uD83D\uDE00%41")).isEqualTo("\uD83D\uDE00A");
    }

    @ParameterizedTest
    @CsvSource({"%", "%4", "%zz", "%G1", "%FF", "%\uFF14\uFF11", "s%3Aa%\u0664\u0661", "%C3", "%C0%80", "%ED%A0%80"})
    void decode_malformedOrNotUtf8_returnsNull(String text) {
        assertThat(UriComponent.decode(text)).isNull();
    }
}
