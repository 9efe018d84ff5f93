package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The session is stored before the response is committed, whatever commits it. The store's writes
 * are slow (80 ms) and remember when they finished; the client remembers when the response head
 * arrived. A response head that arrives before the write finished is the bug the issue describes:
 * the client's next request (a redirect, a double click) could miss the write.
 */
class ServletSavedBeforeResponseTest {
    private static final Duration WRITE_DELAY = Duration.ofMillis(80);
    private static final int BIG = 200 * 1024;
    /** Bigger than Jetty's output aggregation size (8 KB), smaller than its response buffer (32 KB). */
    private static final int MEDIUM = 16 * 1024;
    private static final String CL_BODY = "0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static SlowStore store;
    private static JettyTestServer server;

    /** One way of answering a request; each sets the session attribute {@code mode} to its name first (or in its async thread). */
    enum Mode {
        PLAIN(200, "ok"),
        NO_BODY(200, ""),
        REDIRECT(302, null),
        REDIRECT_303_BY_HEADER(303, null),
        SEND_ERROR(403, null),
        SEND_ERROR_WITH_MESSAGE(409, null),
        FLUSH_BUFFER(200, "flushed and more"),
        WRITER_FLUSH(200, "flushed and more"),
        STREAM_FLUSH(200, "flushed and more"),
        WRITER_CLOSE(200, "closed"),
        STREAM_CLOSE(200, "closed"),
        BIG_BODY_WRITER_ONE_WRITE(200, "x".repeat(BIG)),
        BIG_BODY_WRITER_SMALL_WRITES(200, "x".repeat(BIG)),
        BIG_BODY_STREAM_ONE_WRITE(200, "x".repeat(BIG)),
        BIG_BODY_STREAM_SMALL_WRITES(200, "x".repeat(BIG)),
        MEDIUM_BODY_STREAM_ONE_WRITE(200, "x".repeat(MEDIUM)),
        MEDIUM_BODY_WRITER_ONE_WRITE(200, "x".repeat(MEDIUM)),
        STREAM_ONE_WRITE_JUST_OVER_AGGREGATION(200, "x".repeat(8 * 1024 + 1)),
        WRITER_ONE_WRITE_10K(200, "x".repeat(10_000)),
        UTF8_WRITER_ONE_WRITE_10K(200, "\u00e9".repeat(10_000)),
        CONTENT_LENGTH_STREAM(200, CL_BODY),
        CONTENT_LENGTH_WRITER(200, CL_BODY),
        CONTENT_LENGTH_LONG_STREAM(200, CL_BODY),
        CONTENT_LENGTH_HEADER_STREAM(200, CL_BODY),
        CONTENT_LENGTH_INT_HEADER_STREAM(200, CL_BODY),
        ASYNC_COMPLETE_FROM_OTHER_THREAD(200, ""),
        ASYNC_WRITE_IN_ASYNC_THREAD(200, "async body"),
        ASYNC_BIG_WRITE_IN_ASYNC_THREAD(200, "x".repeat(BIG)),
        ASYNC_FLUSH_IN_ASYNC_THREAD(200, "async flushed"),
        ASYNC_CONTEXT_START(200, "started"),
        ASYNC_DISPATCH(200, "dispatched");

        final int status;
        final @Nullable String body;

        Mode(int status, @Nullable String body) {
            this.status = status;
            this.body = body;
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        store = new SlowStore(MemoryStore.create(), WRITE_DELAY);
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(store).build();
        server = JettyTestServer.start(options, JettyTestServer.routes(
                "/target", (JettyTestServer.Handler) (req, resp) -> resp.getWriter().print("target"),
                "/mode/*", (JettyTestServer.Handler) ServletSavedBeforeResponseTest::answer));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetStore() throws InterruptedException {
        store.reset();
    }

    static Stream<Arguments> modes() {
        return Arrays.stream(Mode.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void newSession_isStoredBeforeTheResponseHeadLeaves(Mode mode) throws Exception {
        Timed response = get("/mode/" + mode.name(), null);

        assertAnswered(mode, response);
        assertThat(store.writes()).as("store writes").isEqualTo(1);
        assertThat(store.lastWriteDone()).as("store write finished before the response head arrived")
                .isLessThanOrEqualTo(response.headersAt);
        String setCookie = response.setCookie().orElseThrow(() -> new AssertionError("no session cookie in the response head"));
        String id = SessionCookies.idOf(setCookie).orElseThrow();
        SessionRecord record = store.delegate().get(id).orElseThrow();
        assertThat(record.attributes().get("mode").asText()).isEqualTo(mode.name());
    }

    @ParameterizedTest
    @MethodSource("modes")
    void existingSession_isPatchedBeforeTheResponseHeadLeaves(Mode mode) throws Exception {
        String id = "existing-" + mode.name();
        store.delegate().set(id, new SessionRecord(
                new CookieData(null, null, null, null, null, true, null, "/", null),
                Map.of("mode", TextNode.valueOf("before"))));
        String cookie = SessionCookies.signed(id);

        Timed response = get("/mode/" + mode.name() + "?suffix=-again", cookie);

        assertAnswered(mode, response);
        assertThat(store.writes()).as("store writes").isEqualTo(1);
        assertThat(store.lastWriteDone()).as("store write finished before the response head arrived")
                .isLessThanOrEqualTo(response.headersAt);
        assertThat(response.setCookie()).as("no new cookie for a known session").isEmpty();
        SessionRecord record = store.delegate().get(id).orElseThrow();
        assertThat(record.attributes().get("mode").asText()).isEqualTo(mode.name() + "-again");
    }

    private static void assertAnswered(Mode mode, Timed response) {
        assertThat(response.status).as("status").isEqualTo(mode.status);
        if (mode.body != null) {
            assertThat(response.body).as("body").hasSize(mode.body.length()).isEqualTo(mode.body);
        }
        if (mode.status == 302 || mode.status == 303) {
            assertThat(response.headers.get("location")).singleElement().asString().endsWith("/target");
        }
    }

    // ---- the application ----

    private static void answer(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Mode mode = Mode.valueOf(req.getPathInfo().substring(1));
        String suffix = Optional.ofNullable(req.getParameter("suffix")).orElse("");
        String value = mode.name() + suffix;
        switch (mode) {
            case ASYNC_COMPLETE_FROM_OTHER_THREAD -> {
                req.getSession().setAttribute("mode", value);
                AsyncContext async = req.startAsync();
                inThread(async, () -> {
                    Thread.sleep(30);
                    async.complete();
                });
                return;
            }
            case ASYNC_WRITE_IN_ASYNC_THREAD, ASYNC_BIG_WRITE_IN_ASYNC_THREAD, ASYNC_FLUSH_IN_ASYNC_THREAD -> {
                AsyncContext async = req.startAsync();
                inThread(async, () -> {
                    Thread.sleep(30);
                    ((HttpServletRequest) async.getRequest()).getSession().setAttribute("mode", value);
                    HttpServletResponse response = (HttpServletResponse) async.getResponse();
                    if (mode == Mode.ASYNC_WRITE_IN_ASYNC_THREAD) {
                        response.getWriter().print("async body");
                    } else if (mode == Mode.ASYNC_BIG_WRITE_IN_ASYNC_THREAD) {
                        response.getOutputStream().write(bytes(BIG));
                    } else {
                        response.getWriter().print("async ");
                        response.flushBuffer();
                        Thread.sleep(30);
                        response.getWriter().print("flushed");
                    }
                    async.complete();
                });
                return;
            }
            case ASYNC_CONTEXT_START -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    try {
                        ((HttpServletRequest) async.getRequest()).getSession().setAttribute("mode", value);
                        async.getResponse().getWriter().print("started");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        async.complete();
                    }
                });
                return;
            }
            case ASYNC_DISPATCH -> {
                if (req.getDispatcherType() == DispatcherType.ASYNC) {
                    req.getSession().setAttribute("mode", value);
                    resp.getWriter().print("dispatched");
                    return;
                }
                AsyncContext async = req.startAsync();
                inThread(async, () -> {
                    Thread.sleep(30);
                    async.dispatch();
                });
                return;
            }
            default -> {
            }
        }
        req.getSession().setAttribute("mode", value);
        switch (mode) {
            case PLAIN -> resp.getWriter().print("ok");
            case NO_BODY -> {
            }
            case REDIRECT -> resp.sendRedirect("/target");
            case REDIRECT_303_BY_HEADER -> {
                resp.setStatus(303);
                resp.setHeader("Location", "/target");
            }
            case SEND_ERROR -> resp.sendError(403);
            case SEND_ERROR_WITH_MESSAGE -> resp.sendError(409, "conflict");
            case FLUSH_BUFFER -> {
                resp.getWriter().print("flushed");
                resp.flushBuffer();
                afterCommit(resp);
            }
            case WRITER_FLUSH -> {
                PrintWriter writer = resp.getWriter();
                writer.print("flushed");
                writer.flush();
                afterCommit(resp);
            }
            case STREAM_FLUSH -> {
                ServletOutputStream out = resp.getOutputStream();
                out.write("flushed".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(30);
                out.write(" and more".getBytes(StandardCharsets.UTF_8));
            }
            case WRITER_CLOSE -> {
                resp.getWriter().print("closed");
                resp.getWriter().close();
                Thread.sleep(30);
            }
            case STREAM_CLOSE -> {
                resp.getOutputStream().write("closed".getBytes(StandardCharsets.UTF_8));
                resp.getOutputStream().close();
                Thread.sleep(30);
            }
            case BIG_BODY_WRITER_ONE_WRITE -> resp.getWriter().write("x".repeat(BIG));
            case BIG_BODY_WRITER_SMALL_WRITES -> {
                PrintWriter writer = resp.getWriter();
                for (int i = 0; i < BIG / 100; i++) {
                    writer.write("x".repeat(100));
                }
                writer.write("x".repeat(BIG % 100));
            }
            case BIG_BODY_STREAM_ONE_WRITE -> resp.getOutputStream().write(bytes(BIG));
            case BIG_BODY_STREAM_SMALL_WRITES -> {
                ServletOutputStream out = resp.getOutputStream();
                byte[] chunk = bytes(100);
                for (int i = 0; i < BIG / 100; i++) {
                    out.write(chunk);
                }
                out.write(bytes(BIG % 100));
            }
            case MEDIUM_BODY_STREAM_ONE_WRITE -> resp.getOutputStream().write(bytes(MEDIUM));
            case MEDIUM_BODY_WRITER_ONE_WRITE -> resp.getWriter().write("x".repeat(MEDIUM));
            case STREAM_ONE_WRITE_JUST_OVER_AGGREGATION -> resp.getOutputStream().write(bytes(8 * 1024 + 1));
            case WRITER_ONE_WRITE_10K -> resp.getWriter().write("x".repeat(10_000));
            case UTF8_WRITER_ONE_WRITE_10K -> {
                resp.setCharacterEncoding("UTF-8");
                resp.getWriter().write("\u00e9".repeat(10_000));
            }
            case CONTENT_LENGTH_STREAM -> {
                resp.setContentLength(CL_BODY.length());
                resp.getOutputStream().write(CL_BODY.substring(0, 4).getBytes(StandardCharsets.UTF_8));
                resp.getOutputStream().write(CL_BODY.substring(4).getBytes(StandardCharsets.UTF_8));
                Thread.sleep(30);
            }
            case CONTENT_LENGTH_WRITER -> {
                resp.setContentLength(CL_BODY.length());
                resp.getWriter().print(CL_BODY);
                Thread.sleep(30);
            }
            case CONTENT_LENGTH_LONG_STREAM -> {
                resp.setContentLengthLong(CL_BODY.length());
                resp.getOutputStream().write(CL_BODY.getBytes(StandardCharsets.UTF_8));
                Thread.sleep(30);
            }
            case CONTENT_LENGTH_HEADER_STREAM -> {
                resp.setHeader("Content-Length", String.valueOf(CL_BODY.length()));
                resp.getOutputStream().write(CL_BODY.getBytes(StandardCharsets.UTF_8));
                Thread.sleep(30);
            }
            case CONTENT_LENGTH_INT_HEADER_STREAM -> {
                resp.setIntHeader("Content-Length", CL_BODY.length());
                resp.getOutputStream().write(CL_BODY.getBytes(StandardCharsets.UTF_8));
                Thread.sleep(30);
            }
            default -> throw new IllegalStateException("unhandled " + mode);
        }
    }

    /** The rest of a body after the response was committed (the container has sent the head by now). */
    private static void afterCommit(HttpServletResponse resp) throws Exception {
        Thread.sleep(30);
        resp.getWriter().print(" and more");
    }

    @FunctionalInterface
    interface AsyncWork {
        void run() throws Exception;
    }

    private static void inThread(AsyncContext async, AsyncWork work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                ((HttpServletResponse) async.getResponse()).setStatus(599);
                async.complete();
            }
        }, "test-async");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    // ---- the client ----

    /** A response and {@link System#nanoTime()} when its head (status and headers) reached the client. */
    record Timed(int status, Map<String, List<String>> headers, String body, long headersAt) {
        Optional<String> setCookie() {
            return headers.getOrDefault("set-cookie", List.of()).stream()
                    .filter(c -> c.startsWith(SessionCookies.NAME + "=")).findFirst();
        }
    }

    private static Timed get(String path, @Nullable String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", SessionCookies.NAME + "=" + cookie);
        }
        AtomicLong headersAt = new AtomicLong();
        HttpResponse<byte[]> response = HTTP.send(request.build(), info -> {
            headersAt.set(System.nanoTime());
            return BodySubscribers.ofByteArray();
        });
        return new Timed(response.statusCode(), response.headers().map(),
                new String(response.body(), StandardCharsets.UTF_8), headersAt.get());
    }

}
