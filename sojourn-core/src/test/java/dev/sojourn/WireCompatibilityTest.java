package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins Sojourn's cookies and stored records to what express-session 1.19.0 really produced
 * (fixtures/express-session-1.19.0.json) and to the vectors of spec §1.1.
 */
class WireCompatibilityTest {
    /** {@code ünïcødé "quoted"}, written with escapes so the source encoding cannot matter. */
    static final String NOTE = "\u00fcn\u00efc\u00f8d\u00e9 \"quoted\"";
    static final String SAME_SITE_NONE_CASE = "sameSite none";

    private final CookieSigner signer = new CookieSigner(List.of(Fixtures.secret().getBytes(StandardCharsets.UTF_8)));

    static Stream<Fixtures.Signing> signingVectors() {
        return Fixtures.signing().stream();
    }

    static Stream<Fixtures.Case> engineCases() {
        return Fixtures.cases().stream().filter(c -> !c.name().equals(SAME_SITE_NONE_CASE));
    }

    static Stream<Fixtures.Case> allCases() {
        return Fixtures.cases().stream();
    }

    @Test
    void fixtureFile_loaded_hasAllCasesAndVectors() {
        assertThat(Fixtures.secret()).isEqualTo("keyboard cat");
        assertThat(Fixtures.signing()).hasSize(6);
        assertThat(Fixtures.cases()).extracting(Fixtures.Case::name).containsExactly(
                "defaults, browser-session cookie", "maxAge 60000", "all attributes", "sameSite lax, httpOnly false",
                "sameSite true", SAME_SITE_NONE_CASE);
    }

    // ---- signing ----

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("signingVectors")
    void sign_fixtureId_givesExpressSignedValue(Fixtures.Signing vector) {
        assertThat(signer.sign(vector.id())).isEqualTo(vector.signed());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("signingVectors")
    void encode_signedValue_givesExpressCookieValue(Fixtures.Signing vector) {
        assertThat(UriComponent.encode(signer.sign(vector.id()))).isEqualTo(vector.cookieValue());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("signingVectors")
    void unsign_expressCookieValueAfterDecoding_returnsId(Fixtures.Signing vector) {
        assertThat(UriComponent.decode(vector.cookieValue())).isEqualTo(vector.signed());
        assertThat(signer.unsign(vector.signed())).isEqualTo(vector.id());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("signingVectors")
    void engine_expressCookieForUnknownId_verifiesTheId(Fixtures.Signing vector) {
        SessionEngine engine = SessionEngine.create(SessionOptions.builder().secret(Fixtures.secret()).build());
        SessionHandle handle = engine.begin(FakeExchange.request().cookie("connect.sid=" + vector.cookieValue()));

        assertThat(handle).isNotNull();
        assertThat(handle.requestedSessionId()).contains(vector.id());
    }

    /** The table of spec §1.1, independent of the fixture file. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "apple | s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU",
            "%     | s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g",
            "/foo  | s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ"})
    void signAndEncode_specVector_matches(String id, String cookieValue) {
        assertThat(UriComponent.encode(signer.sign(id))).isEqualTo(cookieValue);
        assertThat(signer.unsign(UriComponent.decode(cookieValue))).isEqualTo(id);
    }

    // ---- whole requests through the engine ----

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("engineCases")
    void engine_fixtureCase_setCookieMatchesExpressByteForByte(Fixtures.Case fixture) {
        Served served = serve(fixture);

        assertThat(served.exchange().setCookies()).isEqualTo(fixture.setCookie());
        assertThat(String.join("\n", served.exchange().setCookies()).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(String.join("\n", fixture.setCookie()).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("engineCases")
    void engine_fixtureCase_storedJsonMatchesExpressByteForByte(Fixtures.Case fixture) {
        Served served = serve(fixture);

        assertThat(served.store().sets).hasValue(1);
        assertThat(served.store().total()).isEqualTo(1);
        CountingStore.SetCall call = served.store().setCalls.get(0);
        assertThat(call.id()).isEqualTo(fixture.id());
        String json = SessionJson.write(call.record());
        assertThat(json).isEqualTo(fixture.storedJson());
        assertThat(json.getBytes(StandardCharsets.UTF_8)).isEqualTo(fixture.storedJson().getBytes(StandardCharsets.UTF_8));
        // and what the memory store keeps reads back to the same bytes
        assertThat(served.store().delegate().get(fixture.id()).map(SessionJson::write)).contains(fixture.storedJson());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("engineCases")
    void fixtureCase_clockDerivedFromStoredExpiry_isWithinAFewMsOfServedAt(Fixtures.Case fixture) {
        long now = requestTime(fixture);
        assertThat(now - fixture.servedAtMs()).isBetween(0L, 5L);
    }

    @Test
    void cookieOptions_sameSiteNoneWithoutSecure_isRejectedAlthoughExpressAcceptsIt() {
        Fixtures.Case fixture = Fixtures.caseNamed(SAME_SITE_NONE_CASE);
        assertThatThrownBy(() -> cookieOptions(fixture.options()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sameSite");
    }

    @Test
    void setCookieAndJson_sameSiteNoneCookieData_matchExpressByteForByte() {
        Fixtures.Case fixture = Fixtures.caseNamed(SAME_SITE_NONE_CASE);
        CookieData cookie = new CookieData(null, null, null, null, null, true, null, "/", "none");

        String header = SetCookieHeader.format("connect.sid", UriComponent.encode(signer.sign(fixture.id())), cookie);
        String json = SessionJson.write(new SessionRecord(cookie, fixtureAttributes()));

        assertThat(List.of(header)).isEqualTo(fixture.setCookie());
        assertThat(json).isEqualTo(fixture.storedJson());
    }

    /** The same record reached through the engine: a session whose cookie is switched to SameSite=None in the request. */
    @Test
    void engine_sameSiteNoneSetOnSessionCookie_matchesExpressByteForByte() {
        Fixtures.Case fixture = Fixtures.caseNamed(SAME_SITE_NONE_CASE);
        TestClock clock = new TestClock(fixture.servedAtMs());
        CountingStore store = new CountingStore(MemoryStore.builder().clock(clock).build());
        SessionEngine engine = SessionEngine.create(SessionOptions.builder().secret(Fixtures.secret()).clock(clock)
                .store(store).genid(ex -> fixture.id()).build());
        FakeExchange exchange = FakeExchange.request();
        SessionHandle handle = engine.begin(exchange);
        Session session = handle.session();
        session.cookie().setSameSite(SameSite.NONE);
        setFixtureAttributes(session);
        handle.commit();

        assertThat(exchange.setCookies()).isEqualTo(fixture.setCookie());
        assertThat(store.setCalls).hasSize(1);
        assertThat(SessionJson.write(store.setCalls.get(0).record())).isEqualTo(fixture.storedJson());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("allCases")
    void readThenWrite_expressStoredJson_givesSameBytes(Fixtures.Case fixture) {
        SessionRecord record = SessionJson.read(fixture.storedJson());

        assertThat(SessionJson.write(record).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(fixture.storedJson().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("allCases")
    void read_expressStoredJson_givesTheParsedValues(Fixtures.Case fixture) {
        SessionRecord record = SessionJson.read(fixture.storedJson());
        JsonNode cookie = fixture.storedParsed().get("cookie");

        assertThat(record.attributes()).containsOnlyKeys("views", "user", "note", "nothing");
        assertThat(record.attributes().get("note").asText()).isEqualTo(NOTE);
        assertThat(record.cookie().originalMaxAge())
                .isEqualTo(cookie.get("originalMaxAge").isNull() ? null : cookie.get("originalMaxAge").asLong());
        assertThat(record.cookie().expires())
                .isEqualTo(cookie.get("expires").isNull() ? null : Instant.parse(cookie.get("expires").asText()));
        assertThat(record.cookie().path()).isEqualTo(cookie.get("path").asText());
        assertThat(record.cookie().httpOnly()).isEqualTo(cookie.get("httpOnly").asBoolean());
    }

    /** The record shown in spec §3.10. */
    @Test
    void readThenWrite_specExampleRecords_giveSameBytes() {
        String persistent = "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"2026-11-24T17:43:58.843Z\",\"httpOnly\":true,\"path\":\"/\"},\"views\":1}";
        String browserSession = "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}}";

        assertThat(SessionJson.write(SessionJson.read(persistent))).isEqualTo(persistent);
        assertThat(SessionJson.write(SessionJson.read(browserSession))).isEqualTo(browserSession);
    }

    // ---- helpers ----

    record Served(FakeExchange exchange, CountingStore store) {
    }

    private Served serve(Fixtures.Case fixture) {
        CookieOptions options = cookieOptions(fixture.options());
        TestClock clock = new TestClock(requestTime(fixture));
        CountingStore store = new CountingStore(MemoryStore.builder().clock(clock).build());
        SessionEngine engine = SessionEngine.create(SessionOptions.builder()
                .secret(Fixtures.secret())
                .cookie(options)
                .clock(clock)
                .store(store)
                .genid(exchange -> fixture.id())
                .build());
        FakeExchange exchange = FakeExchange.request().path(options.path());
        SessionHandle handle = engine.begin(exchange);
        assertThat(handle).as("engine handles %s", options.path()).isNotNull();
        setFixtureAttributes(handle.session());
        handle.commit();
        return new Served(exchange, store);
    }

    /**
     * The server time that reproduces the stored record: express computes {@code expires} when it
     * touches the session, a millisecond or two after {@code servedAtMs}, so for a persistent cookie
     * it is {@code expires - originalMaxAge}. The same reading also gives the header's Expires.
     */
    static long requestTime(Fixtures.Case fixture) {
        JsonNode cookie = fixture.storedParsed().get("cookie");
        if (cookie.get("expires").isNull() || cookie.get("originalMaxAge").isNull()) {
            return fixture.servedAtMs();
        }
        return Instant.parse(cookie.get("expires").asText()).toEpochMilli() - cookie.get("originalMaxAge").asLong();
    }

    static CookieOptions cookieOptions(JsonNode options) {
        CookieOptions.Builder b = CookieOptions.builder();
        options.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "maxAge" -> b.maxAgeMillis(v.asLong());
                case "domain" -> b.domain(v.asText());
                case "path" -> b.path(v.asText());
                case "httpOnly" -> b.httpOnly(v.asBoolean());
                case "secure" -> b.secure(v.asBoolean() ? CookieSecure.TRUE : CookieSecure.FALSE);
                case "priority" -> b.priority(Priority.parse(v.asText()));
                case "partitioned" -> b.partitioned(v.asBoolean());
                case "sameSite" -> {
                    if (v.isBoolean()) {
                        b.sameSite(v.asBoolean());
                    } else {
                        b.sameSite(SameSite.parse(v.asText()));
                    }
                }
                default -> throw new AssertionError("fixture option not mapped: " + field.getKey());
            }
        });
        return b.build();
    }

    static void setFixtureAttributes(Session session) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", "alice");
        user.put("roles", List.of("a", "b"));
        session.set("views", 1);
        session.set("user", user);
        session.set("note", NOTE);
        session.set("nothing", null);
    }

    static Map<String, JsonNode> fixtureAttributes() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", "alice");
        user.put("roles", List.of("a", "b"));
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("views", mapper.valueToTree(1));
        attributes.put("user", mapper.valueToTree(user));
        attributes.put("note", mapper.valueToTree(NOTE));
        attributes.put("nothing", mapper.nullNode());
        return attributes;
    }
}
