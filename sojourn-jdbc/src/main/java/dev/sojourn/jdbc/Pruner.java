package dev.sojourn.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a store's prune on one daemon thread, each run between 50 % and 150 % of the interval after
 * the previous one ended (as connect-pg-simple does), so that several application instances sharing
 * a table do not prune in step. A failing run is logged and the next one is scheduled anyway.
 */
final class Pruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final ScheduledExecutorService executor;
    private final long intervalMillis;
    private final Runnable prune;
    private final String name;

    Pruner(String name, Duration interval, Runnable prune) {
        this.name = name;
        this.intervalMillis = interval.toMillis();
        this.prune = prune;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        scheduleNext();
    }

    private void scheduleNext() {
        long delay = Math.max(1, (long) (intervalMillis * (0.5 + ThreadLocalRandom.current().nextDouble())));
        try {
            executor.schedule(this::runOnce, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void runOnce() {
        try {
            prune.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: pruning expired sessions failed; will retry: {}", name, e.getMessage(), e);
        } finally {
            scheduleNext();
        }
    }

    /** Stops scheduling and interrupts a run in progress. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
