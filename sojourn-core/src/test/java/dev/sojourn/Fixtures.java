package dev.sojourn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The records captured from express-session 1.19.0 (src/test/resources/fixtures, copied from /work/shared/fixtures). */
final class Fixtures {
    static final String RESOURCE = "/fixtures/express-session-1.19.0.json";
    private static final JsonNode ROOT = load();

    private Fixtures() {
    }

    record Signing(String id, String signed, String cookieValue) {
        @Override
        public String toString() {
            return id;
        }
    }

    record Case(String name, JsonNode options, long servedAtMs, String id, List<String> setCookie, String storedJson,
            JsonNode storedParsed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String secret() {
        return ROOT.get("secret").asText();
    }

    static List<Signing> signing() {
        List<Signing> out = new ArrayList<>();
        for (JsonNode n : ROOT.get("signing")) {
            out.add(new Signing(n.get("id").asText(), n.get("signed").asText(), n.get("cookieValue").asText()));
        }
        return out;
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonNode n : ROOT.get("cases")) {
            List<String> setCookie = new ArrayList<>();
            n.get("setCookie").forEach(v -> setCookie.add(v.asText()));
            out.add(new Case(n.get("name").asText(), n.get("options"), n.get("servedAtMs").asLong(), n.get("id").asText(),
                    List.copyOf(setCookie), n.get("storedJson").asText(), n.get("storedParsed")));
        }
        return out;
    }

    static Case caseNamed(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture case " + name));
    }

    private static JsonNode load() {
        try (InputStream in = Fixtures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
