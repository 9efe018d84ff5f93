package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §1.3: parsing the {@code Cookie} request header as Node's cookie 0.7.2 does. */
class CookieHeaderTest {
    private static final String NAME = "connect.sid";
    private static final String APPLE_ENCODED = "s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU";
    private static final String APPLE = "s:apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU";

    @Test
    void find_duplicateName_firstOccurrenceWins() {
        assertThat(CookieHeader.find("connect.sid=bogus; connect.sid=" + APPLE_ENCODED, NAME)).isEqualTo("bogus");
    }

    @Test
    void find_duplicateAcrossHeaders_firstHeaderWins() {
        assertThat(CookieHeader.find(List.of("connect.sid=bogus", "connect.sid=" + APPLE_ENCODED), NAME)).isEqualTo("bogus");
    }

    @Test
    void find_multipleHeaders_searchesAllAsIfJoined() {
        assertThat(CookieHeader.find(List.of("a=1; b=2", "x", "connect.sid=" + APPLE_ENCODED), NAME)).isEqualTo(APPLE);
    }

    @Test
    void find_noHeaders_returnsNull() {
        assertThat(CookieHeader.find(List.of(), NAME)).isNull();
    }

    @Test
    void find_otherCookiesAround_findsTheNamedOne() {
        assertThat(CookieHeader.find("theme=dark; connect.sid=" + APPLE_ENCODED + "; lang=en", NAME)).isEqualTo(APPLE);
    }

    @Test
    void find_quotedValue_removesOnePairOfQuotes() {
        assertThat(CookieHeader.find("connect.sid=\"" + APPLE_ENCODED + "\"", NAME)).isEqualTo(APPLE);
        assertThat(CookieHeader.find("connect.sid=\"\"abc\"\"", NAME)).isEqualTo("\"abc\"");
    }

    @Test
    void find_quoteOnOneSideOnly_keepsIt() {
        assertThat(CookieHeader.find("connect.sid=\"abc", NAME)).isEqualTo("\"abc");
    }

    @Test
    void find_valueWithPercent_isUriDecoded() {
        assertThat(CookieHeader.find("connect.sid=" + APPLE_ENCODED, NAME)).isEqualTo(APPLE);
        assertThat(CookieHeader.find("connect.sid=%C3%BCn%20x", NAME)).isEqualTo("\u00fcn x");
    }

    @Test
    void find_valueWithoutPercent_isKeptAsIs() {
        assertThat(CookieHeader.find("connect.sid=" + APPLE, NAME)).isEqualTo(APPLE);
        assertThat(CookieHeader.find("connect.sid=a+b", NAME)).isEqualTo("a+b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "abc%", "%zz", "%E0%A4%A", "%FF", "%C3", "s%3Aapple.%GG", "%ED%A0%80"})
    void find_malformedEscape_keepsRawValue(String raw) {
        assertThat(CookieHeader.find("connect.sid=" + raw, NAME)).isEqualTo(raw);
    }

    @Test
    void find_spacesAndTabsAroundNameAndValue_areTrimmed() {
        assertThat(CookieHeader.find(" \t connect.sid \t= \t" + APPLE_ENCODED + " \t ; other=1", NAME)).isEqualTo(APPLE);
        assertThat(CookieHeader.find("a=1;\tconnect.sid=value\t", NAME)).isEqualTo("value");
    }

    @Test
    void find_spaceInsideValue_isKept() {
        assertThat(CookieHeader.find("connect.sid= a b ", NAME)).isEqualTo("a b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "=", ";"})
    void find_headerShorterThanTwoChars_findsNothing(String header) {
        assertThat(CookieHeader.find(header, NAME)).isNull();
        assertThat(CookieHeader.find(header, "x")).isNull();
        assertThat(CookieHeader.find(header, "")).isNull();
    }

    @Test
    void find_twoCharHeader_isParsed() {
        assertThat(CookieHeader.find("x=", "x")).isEqualTo("");
    }

    @Test
    void find_laterEqualsSigns_belongToValue() {
        assertThat(CookieHeader.find("connect.sid=a=b=c", NAME)).isEqualTo("a=b=c");
    }

    @Test
    void find_segmentWithoutEquals_isSkipped() {
        assertThat(CookieHeader.find("junk; connect.sid=v", NAME)).isEqualTo("v");
        assertThat(CookieHeader.find("connect.sid; connect.sid=v", NAME)).isEqualTo("v");
    }

    @Test
    void find_nameIsCaseSensitiveAndNotAPrefixMatch() {
        assertThat(CookieHeader.find("Connect.sid=a; connect.sidx=b; xconnect.sid=c", NAME)).isNull();
    }

    @Test
    void find_emptyValue_isEmptyString() {
        assertThat(CookieHeader.find("connect.sid=; other=1", NAME)).isEmpty();
    }

    @Test
    void find_absentName_returnsNull() {
        assertThat(CookieHeader.find("a=1; b=2", NAME)).isNull();
    }

    @Test
    void engine_bogusCookieBeforeValidOne_ignoresTheValidSession() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(java.util.Map.of("views", 1));

        FakeExchange exchange = FakeExchange.request().cookie("connect.sid=bogus; " + h.cookieHeader(id));
        SessionHandle handle = h.engine.begin(exchange);

        assertThat(handle.requestedSessionId()).isEmpty();
        Session session = handle.session();
        assertThat(session.id()).isNotEqualTo(id);
        assertThat(session.isNew()).isTrue();
        assertThat(session.get("views")).isNull();
        handle.commit();
        assertThat(h.store.total()).isZero();
    }

    @Test
    void engine_unencodedSignedValue_isAccepted() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(java.util.Map.of("views", 1));

        SessionHandle handle = h.engine.begin(FakeExchange.request().cookie("connect.sid=" + h.signer.sign(id)));

        assertThat(handle.requestedSessionId()).contains(id);
        assertThat(handle.session().get("views")).isEqualTo(1);
    }

    @Test
    void engine_cookieInSecondHeaderLine_isFound() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(java.util.Map.of("views", 1));

        SessionHandle handle = h.engine.begin(FakeExchange.request().cookie("theme=dark").cookie(h.cookieHeader(id)));

        assertThat(handle.requestedSessionId()).contains(id);
    }
}
