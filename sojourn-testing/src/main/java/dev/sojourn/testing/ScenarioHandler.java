package dev.sojourn.testing;

/** The application of a scenario: answers every request a test sends. */
@FunctionalInterface
public interface ScenarioHandler {
    void handle(ScenarioExchange exchange) throws Exception;
}
