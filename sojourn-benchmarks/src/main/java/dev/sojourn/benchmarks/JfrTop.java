package dev.sojourn.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of JFR recordings, such as those
 * {@code load/run.sh} takes with {@code PROFILE=1}: where the app's threads spend their time, as
 * shares of all samples. Uses only the JDK's {@code jdk.jfr.consumer} API.
 *
 * <pre>
 * java -cp sojourn-benchmarks/target/sojourn-benchmarks.jar dev.sojourn.benchmarks.JfrTop [--top N] [--focus PREFIX] recording.jfr...
 * </pre>
 *
 * <p>With {@code --focus}, the method tables count only the samples whose stack holds a method whose
 * name ({@code package.Class.method}) starts with {@code PREFIX}, e.g.
 * {@code --focus dev.sojourn.SessionEngine.begin}; the shares stay shares of all samples.
 *
 * <p>Prints, per recording: the top methods by self samples (the frame on top of the stack), the top
 * methods by inclusive samples (anywhere on the stack, counted once per sample), and the shares of
 * a few areas: the session middleware ({@code SojournFilter.doFilter}) without the application it
 * wraps, the application's route code, JSON (Jackson), the store (Caffeine), HMAC and Jetty.
 */
public final class JfrTop {
    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("dev.sojourn.servlet.SojournFilter.doFilter", "session middleware (SojournFilter.doFilter, inclusive)");
        AREAS.put("dev.sojourn.example.", "example app code (routes, inclusive)");
        AREAS.put("dev.sojourn.SessionEngine.begin", "  SessionEngine.begin (cookie parse + HMAC verify)");
        AREAS.put("dev.sojourn.SessionHandle.commit", "  SessionHandle.commit");
        AREAS.put("dev.sojourn.SessionHandle.loadIfNeeded", "  SessionHandle.loadIfNeeded (store get + JSON parse)");
        AREAS.put("com.fasterxml.jackson.", "Jackson (anywhere)");
        AREAS.put("com.github.benmanes.caffeine.", "Caffeine (anywhere)");
        AREAS.put("javax.crypto.Mac.", "HMAC (javax.crypto.Mac)");
    }

    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        int top = 25;
        String focus = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--top")) {
                top = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--focus")) {
                focus = args[++i];
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: JfrTop [--top N] [--focus PREFIX] recording.jfr...");
            System.exit(2);
        }
        for (Path file : files) {
            summarise(file, top, focus);
        }
    }

    private static void summarise(Path file, int top, String focus) throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> areas = new LinkedHashMap<>();
        int middlewareOnly = 0;
        int total = 0;
        int focusedSamples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = stack.getFrames();
            boolean focused = focus == null || frames.stream().anyMatch(f -> name(f).startsWith(focus));
            if (focused) {
                focusedSamples++;
                self.merge(name(frames.get(0)), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            Set<String> areasSeen = new HashSet<>();
            boolean inFilter = false;
            boolean inApp = false;
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (focused && seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
                for (String prefix : AREAS.keySet()) {
                    if (name.startsWith(prefix) && areasSeen.add(prefix)) {
                        areas.merge(prefix, 1, Integer::sum);
                    }
                }
                inFilter |= name.startsWith("dev.sojourn.servlet.SojournFilter.doFilter");
                inApp |= name.startsWith("dev.sojourn.example.");
            }
            if (inFilter && !inApp) {
                middlewareOnly++;
            }
        }
        System.out.printf("%n== %s: %,d execution samples%n", file, total);
        if (total == 0) {
            return;
        }
        System.out.printf("%nAreas (share of all samples):%n");
        for (Map.Entry<String, String> area : AREAS.entrySet()) {
            System.out.printf("  %5.1f%%  %s%n", 100.0 * areas.getOrDefault(area.getKey(), 0) / total, area.getValue());
        }
        System.out.printf("  %5.1f%%  session middleware without the application inside it%n", 100.0 * middlewareOnly / total);
        String scope = focus == null ? "" : String.format(" (samples with %s on the stack: %.1f%%)", focus, 100.0 * focusedSamples / total);
        print("Top methods by self samples" + scope, self, total, top);
        print("Top methods by inclusive samples" + scope, inclusive, total, top);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.printf("%n%s:%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
