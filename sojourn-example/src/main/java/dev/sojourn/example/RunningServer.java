package dev.sojourn.example;

/** A started HTTP server of one {@link ExampleConfig.Adapter}, as {@link ExampleApp} drives it. */
interface RunningServer {

    /** The port it listens on (the real one when port 0 was asked for). */
    int port();

    /** Waits until the server stops. */
    void join() throws InterruptedException;

    /** Stops the server: no new requests, running ones finish (briefly), threads end. Idempotent. */
    void stop() throws Exception;
}
