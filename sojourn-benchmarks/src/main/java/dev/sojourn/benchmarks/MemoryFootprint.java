package dev.sojourn.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.CookieOptions;
import dev.sojourn.Session;
import dev.sojourn.SessionEngine;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * Part 4 of the performance work: what a {@link MemoryStore} costs in heap per session, and whether
 * its bound holds under a flood of new clients. Not a JMH benchmark; a plain program:
 *
 * <pre>
 * java -Xms6g -Xmx6g -cp sojourn-benchmarks/target/sojourn-benchmarks.jar dev.sojourn.benchmarks.MemoryFootprint [sessions]
 * java -Xmx1g -cp sojourn-benchmarks/target/sojourn-benchmarks.jar dev.sojourn.benchmarks.MemoryFootprint flood [bound] [threads] [requestsPerThread]
 * </pre>
 *
 * <p><b>footprint</b> (default 1,000,000 sessions): fills a store whose {@code maximumSize} is above
 * the count with small sessions (three keys: {@code views} a number, {@code user} a short string,
 * {@code locale} {@code "en-GB"}; a cookie with {@code maxAge} one hour; 32-character ids as the
 * default generator makes), then measures the live heap after full collections, twice: with the
 * {@link MemoryMXBean} and with the JVM's class histogram (the {@code GC.class_histogram}
 * diagnostic command, what {@code jcmd PID GC.class_histogram} prints). The difference to the empty
 * store, divided by the number of sessions, is the retained heap per session: the id, the stored
 * JSON text, Caffeine's node and the map's table slot.
 *
 * <p><b>flood</b>: a store with a small bound (default 1,000) behind a {@link SessionEngine}; several
 * threads (default 8) each send requests (default 50,000) from new clients (no cookie) that write a
 * key, so each request creates and stores a new session, while one regular client keeps using its
 * session. Afterwards, with Caffeine's pending maintenance run, the store must hold at most the
 * bound; the program exits with status 1 otherwise. It also reports the largest size seen during
 * the flood (Caffeine evicts asynchronously, so the count may briefly exceed the bound) and whether
 * the regular client's session survived (W-TinyLFU admission favours sessions in use).
 */
public final class MemoryFootprint {
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("flood")) {
            int bound = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
            int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
            int perThread = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
            System.exit(flood(bound, threads, perThread) ? 0 : 1);
        }
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        footprint(sessions);
    }

    // ---- shared with MemoryStoreBenchmark ----

    /** A 32-character id like the default generator's (24 random bytes, base64url), reproducible from {@code i}. */
    static String id(int i) {
        byte[] bytes = new byte[24];
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + i);
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = (byte) random.nextInt(256);
        }
        return ID_ENCODER.encodeToString(bytes);
    }

    /** The cookie object of a session created at {@code now} with {@code maxAge} one hour, HttpOnly, path /. */
    static CookieData cookie(Instant now) {
        return new CookieData(3_600_000L, null, null, now.plus(Duration.ofHours(1)), null, true, null, "/", null);
    }

    /** A small session: three keys. */
    static SessionRecord smallSession(CookieData cookie, int i) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("views", IntNode.valueOf(i % 1000));
        attributes.put("user", TextNode.valueOf("user" + i));
        attributes.put("locale", TextNode.valueOf("en-GB"));
        return new SessionRecord(cookie, attributes);
    }

    // ---- footprint ----

    static void footprint(int sessions) throws Exception {
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("JVM: %s %s, max heap %d MiB, GC %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), runtime.maxMemory() >> 20, gcNames());
        CookieData cookie = cookie(Instant.now());
        String sample = SessionJson.write(smallSession(cookie, sessions - 1));
        System.out.printf("Sessions: %,d; stored JSON per session %d characters, e.g. %s%n", sessions, sample.length(), sample);

        warmUp(cookie);
        MemoryStore store = MemoryStore.builder().maximumSize(sessions + sessions / 2L).build();
        long heapEmpty = liveHeap();
        long histogramEmpty = histogramTotal();

        long jsonChars = 0;
        long started = System.nanoTime();
        Instant now = Instant.now();
        for (int i = 0; i < sessions; i++) {
            // each session has its own cookie object, as sessions created at different times do
            SessionRecord record = smallSession(cookie(now.plusMillis(i)), i);
            store.set(id(i), record);
            if (i < 1000) {
                jsonChars += SessionJson.write(record).length();
            }
        }
        store.cleanUp();
        long fillMillis = (System.nanoTime() - started) / 1_000_000;

        long heapFull = liveHeap();
        String histogram = histogram();
        long histogramFull = histogramTotal(histogram);
        Optional<SessionRecord> check = store.get(id(sessions / 2));
        if (check.isEmpty() || store.estimatedSize() != sessions) {
            throw new IllegalStateException("store lost sessions: size " + store.estimatedSize());
        }

        System.out.printf("Filled in %,d ms; store size %,d; average JSON %.1f characters%n", fillMillis,
                store.estimatedSize(), jsonChars / (double) Math.min(sessions, 1000));
        System.out.printf("Live heap (MemoryMXBean after full GCs): empty store %,d B, full %,d B -> %.1f bytes per session%n",
                heapEmpty, heapFull, (heapFull - heapEmpty) / (double) sessions);
        System.out.printf("Live heap (GC.class_histogram totals):   empty store %,d B, full %,d B -> %.1f bytes per session%n",
                histogramEmpty, histogramFull, (histogramFull - histogramEmpty) / (double) sessions);
        System.out.println("Largest classes with the store full (GC.class_histogram):");
        histogram.lines().limit(14).forEach(line -> System.out.println("  " + line));
        // keep the store reachable until here
        System.out.printf("RESULT sessions=%d bytes_per_session_mxbean=%.1f bytes_per_session_histogram=%.1f%n", store.estimatedSize(),
                (heapFull - heapEmpty) / (double) sessions, (histogramFull - histogramEmpty) / (double) sessions);
    }

    /** Runs the code paths once so that class loading and caches are not charged to the sessions. */
    private static void warmUp(CookieData cookie) {
        MemoryStore scratch = MemoryStore.builder().maximumSize(10_000).build();
        for (int i = 0; i < 10_000; i++) {
            scratch.set(id(i), smallSession(cookie, i));
            scratch.get(id(i));
        }
        scratch.clear();
        scratch.cleanUp();
    }

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String histogram() throws Exception {
        // the GC.class_histogram diagnostic command (a full GC first; live objects only)
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    private static long histogramTotal() throws Exception {
        return histogramTotal(histogram());
    }

    private static long histogramTotal(String histogram) {
        for (String line : histogram.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Total")) {
                String[] parts = trimmed.split("\\s+");
                return Long.parseLong(parts[2]);
            }
        }
        throw new IllegalStateException("no Total line in the class histogram");
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> names.add(gc.getName()));
        return String.join(", ", names);
    }

    // ---- flood ----

    static boolean flood(int bound, int threads, int perThread) throws Exception {
        MemoryStore store = MemoryStore.builder().maximumSize(bound).build();
        SessionEngine engine = SessionEngine.create(SessionOptions.builder()
                .secret("flood-secret")
                .store(store)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build())
                .build());

        // the regular client: one session, used throughout the flood
        BenchExchange first = new BenchExchange("");
        SessionHandle created = engine.begin(first);
        created.session().set("views", 1);
        created.commit();
        String regularCookie = first.lastHeader.substring(0, first.lastHeader.indexOf(';'));

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong maxSeen = new AtomicLong();
        AtomicLong newSessions = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    BenchExchange exchange = new BenchExchange("");
                    SessionHandle handle = engine.begin(exchange);
                    handle.session().set("n", i);
                    handle.commit();
                    if (exchange.headersWritten == 1) {
                        newSessions.incrementAndGet();
                    }
                }
            }, "flood-" + t);
            worker.start();
            workers.add(worker);
        }
        Thread sampler = new Thread(() -> {
            while (flooding.get()) {
                maxSeen.accumulateAndGet(store.estimatedSize(), Math::max);
                Thread.onSpinWait();
            }
        }, "sampler");
        sampler.start();

        long started = System.nanoTime();
        start.countDown();
        long regularRequests = 0;
        long regularLost = 0;
        long views = 1;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            SessionHandle handle = engine.begin(new BenchExchange(regularCookie));
            Session session = handle.session();
            if (session.isNew()) {
                regularLost++;
                break;
            }
            views = ((Number) session.get("views")).longValue() + 1;
            session.set("views", views);
            handle.commit();
            regularRequests++;
            Thread.sleep(1);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        flooding.set(false);
        sampler.join();
        long millis = (System.nanoTime() - started) / 1_000_000;
        long beforeCleanUp = store.estimatedSize();
        store.cleanUp();
        long after = store.estimatedSize();
        long live = store.length();

        System.out.printf("Flood: %d threads x %,d requests from new clients (each writes a key) in %,d ms; %,d sessions created%n",
                threads, perThread, millis, newSessions.get());
        System.out.printf("Bound %,d: largest size seen during the flood %,d; at the end %,d before and %,d after Caffeine's maintenance (length() %,d)%n",
                bound, maxSeen.get(), beforeCleanUp, after, live);
        System.out.printf("Regular client: %,d requests during the flood, session %s (views %d)%n", regularRequests,
                regularLost == 0 ? "kept" : "LOST", views);
        boolean held = after <= bound && live <= bound && newSessions.get() == (long) threads * perThread;
        System.out.println(held ? "RESULT bound held" : "RESULT bound NOT held");
        return held;
    }
}
