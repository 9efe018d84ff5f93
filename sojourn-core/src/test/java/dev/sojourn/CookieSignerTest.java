package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §1.1–1.2: {@code s:} + id + {@code .} + base64(HMAC-SHA256), every secret verifies, the first signs. */
class CookieSignerTest {
    private static final String APPLE = "s:apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU";

    @Test
    void emptySecret_isRejected() {
        assertThatThrownBy(() -> new CookieSigner(List.of("ok".getBytes(StandardCharsets.UTF_8), new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    private static CookieSigner signer(String... secrets) {
        return new CookieSigner(java.util.Arrays.stream(secrets).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private final CookieSigner keyboardCat = signer("keyboard cat");

    @Test
    void sign_apple_givesPrefixIdDotSignatureWithoutPadding() {
        String signed = keyboardCat.sign("apple");

        assertThat(signed).isEqualTo(APPLE);
        assertThat(signed.substring(signed.lastIndexOf('.') + 1)).hasSize(43).doesNotContain("=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apple", "a.b.c", "%", "/foo", "\u00fcn\u00efc\u00f8d\u00e9", "AQnzHlnfFyBQEOP3k-d9HZTS_usU4D2v"})
    void unsign_signedValue_roundTrips(String id) {
        assertThat(keyboardCat.unsign(keyboardCat.sign(id))).isEqualTo(id);
    }

    @Test
    void unsign_tamperedSignature_isRejected() {
        String tampered = APPLE.substring(0, APPLE.length() - 1) + (APPLE.endsWith("U") ? "V" : "U");

        assertThat(keyboardCat.unsign(tampered)).isNull();
    }

    @Test
    void unsign_tamperedId_isRejected() {
        assertThat(keyboardCat.unsign(APPLE.replace("s:apple.", "s:applf."))).isNull();
    }

    @Test
    void unsign_truncatedSignature_isRejected() {
        assertThat(keyboardCat.unsign(APPLE.substring(0, APPLE.length() - 2))).isNull();
    }

    @Test
    void unsign_signatureWithPadding_isRejected() {
        assertThat(keyboardCat.unsign(APPLE + "=")).isNull();
    }

    @Test
    void unsign_validSignatureWithoutPrefix_isRejected() {
        assertThat(keyboardCat.unsign(APPLE.substring(2))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"apple", "s:apple", "s:", "", "s", "S:apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU"})
    void unsign_unsignedOrWithoutDot_isRejected(String value) {
        assertThat(keyboardCat.unsign(value)).isNull();
    }

    @Test
    void unsign_emptyIdEvenIfCorrectlySigned_isRejected() {
        String emptySigned = keyboardCat.sign("");

        assertThat(emptySigned).startsWith("s:.");
        assertThat(keyboardCat.unsign(emptySigned)).isNull();
    }

    @Test
    void unsign_idContainingDots_splitsAtLastDot() {
        assertThat(keyboardCat.unsign("s:a.b.c.G8ReS2HiYVtvMBGFvZUGp5RaCauWFLUTjnnTm/EQ2aE")).isEqualTo("a.b.c");
    }

    @Test
    void unsign_otherSecret_isRejected() {
        assertThat(signer("other secret").unsign(APPLE)).isNull();
    }

    @Test
    void sign_multipleSecrets_firstSigns() {
        CookieSigner rotated = signer("new secret", "keyboard cat");

        assertThat(rotated.sign("apple")).isEqualTo(signer("new secret").sign("apple")).isNotEqualTo(APPLE);
    }

    @Test
    void unsign_multipleSecrets_everySecretVerifies() {
        CookieSigner rotated = signer("new secret", "keyboard cat", "oldest");

        assertThat(rotated.unsign(APPLE)).isEqualTo("apple");
        assertThat(rotated.unsign(signer("new secret").sign("x"))).isEqualTo("x");
        assertThat(rotated.unsign(signer("oldest").sign("y"))).isEqualTo("y");
        assertThat(rotated.unsign(signer("unknown").sign("z"))).isNull();
    }

    @Test
    void sign_binarySecret_usesBytesAsIs() {
        CookieSigner fromBytes = new CookieSigner(List.of("keyboard cat".getBytes(StandardCharsets.UTF_8)));

        assertThat(fromBytes.sign("apple")).isEqualTo(APPLE);
    }

    @Test
    void constructor_noSecrets_throws() {
        assertThatThrownBy(() -> new CookieSigner(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void signAndUnsign_manyThreads_agree() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        CookieSigner rotated = signer("new secret", "keyboard cat");
        for (int t = 0; t < 8; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    String id = "id-" + offset + "-" + i;
                    if (!id.equals(rotated.unsign(rotated.sign(id))) || !"apple".equals(rotated.unsign(APPLE))) {
                        failures.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).hasValue(0);
    }
}
