package dev.sojourn.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the connection strings {@link RedisStore.Builder#uri(String)} accepts and renders them
 * without credentials. Lettuce parses every scheme it knows; {@code redis-cluster://} and
 * {@code rediss-cluster://} are Sojourn's: a comma-separated list of seed nodes.
 */
final class RedisUris {
    private static final Set<String> LETTUCE_SCHEMES =
            Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket", "redis+ssl", "redis+tls");

    private RedisUris() {
    }

    /** A parsed connection string: one URI (standalone, Sentinel) or the seeds of a cluster. */
    record Parsed(boolean cluster, List<RedisURI> uris, String display) {
    }

    /** {@code scheme://userInfo@hosts/path?query#fragment}, split leniently (passwords may hold {@code /} or {@code @}). */
    private record Parts(String scheme, @Nullable String userInfo, String hosts, String tail) {
        static @Nullable Parts of(String uri) {
            int schemeEnd = uri.indexOf("://");
            if (schemeEnd <= 0) {
                return null;
            }
            String rest = uri.substring(schemeEnd + 3);
            int queryOrFragment = indexOfAny(rest, "?#", 0);
            int at = rest.lastIndexOf('@', queryOrFragment < 0 ? rest.length() : queryOrFragment);
            String userInfo = at < 0 ? null : rest.substring(0, at);
            int hostsEnd = indexOfAny(rest, "/?#", at + 1);
            String hosts = hostsEnd < 0 ? rest.substring(at + 1) : rest.substring(at + 1, hostsEnd);
            String tail = hostsEnd < 0 ? "" : rest.substring(hostsEnd);
            return new Parts(uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT), userInfo, hosts, tail);
        }

        @Nullable String password() {
            return userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
        }
    }

    static Parsed parse(String uri) {
        String display = redact(uri);
        Parts parts = Parts.of(uri);
        if (parts == null) {
            throw invalid(display, "expected scheme://host:port", uri);
        }
        if (!parts.scheme.equals("redis-socket")) {
            checkHosts(parts.hosts, display, uri);
            int pathEnd = indexOfAny(parts.tail, "?#", 0);
            String path = pathEnd < 0 ? parts.tail : parts.tail.substring(0, pathEnd);
            if (!path.matches("(/[0-9]*)?")) {
                throw invalid(display, "the path must be a database number", uri);
            }
        }
        try {
            if (parts.scheme.equals("redis-cluster") || parts.scheme.equals("rediss-cluster")) {
                return new Parsed(true, clusterSeeds(parts, display, uri), display);
            }
            if (!LETTUCE_SCHEMES.contains(parts.scheme)) {
                throw invalid(display, "unknown scheme '" + parts.scheme + "' (use redis, rediss, redis-sentinel,"
                        + " rediss-sentinel, redis-socket or redis-cluster)", uri);
            }
            return new Parsed(false, List.of(RedisURI.create(uri)), display);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("RedisStore:")) {
                throw e;
            }
            throw invalid(display, e.getMessage(), uri);
        }
    }

    /** One Lettuce URI per seed of {@code redis-cluster://[user:password@]h1:p1,h2:p2[/0][?query]}. */
    private static List<RedisURI> clusterSeeds(Parts parts, String display, String raw) {
        String scheme = parts.scheme.startsWith("rediss") ? "rediss" : "redis";
        int queryStart = parts.tail.indexOf('?');
        String path = queryStart < 0 ? parts.tail : parts.tail.substring(0, queryStart);
        String query = queryStart < 0 ? "" : parts.tail.substring(queryStart);
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
            throw invalid(display, "a Redis Cluster has only database 0", raw);
        }
        String userInfo = parts.userInfo == null ? "" : parts.userInfo + "@";
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : parts.hosts.split(",", -1)) {
            if (host.isBlank()) {
                throw invalid(display, "empty host in the seed list", raw);
            }
            seeds.add(RedisURI.create(scheme + "://" + userInfo + host.strip() + query));
        }
        return List.copyOf(seeds);
    }

    /** Each {@code host[:port]} of a comma-separated list must have a host and, if given, a port in 1–65535. */
    private static void checkHosts(String hosts, String display, String raw) {
        for (String host : hosts.split(",", -1)) {
            String entry = host.strip();
            int bracket = entry.startsWith("[") ? entry.indexOf("]:") : -2;
            int portStart = bracket == -2 ? entry.lastIndexOf(':') : bracket < 0 ? -1 : bracket + 1;
            String name = portStart >= 0 ? entry.substring(0, portStart) : entry;
            if (name.isEmpty() || name.equals("[]")) {
                throw invalid(display, "missing host", raw);
            }
            if (portStart >= 0) {
                String port = entry.substring(portStart + 1);
                if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    throw invalid(display, "invalid port '" + port + "'", raw);
                }
            }
        }
    }

    /** The connection string without user info and query: safe for messages and logs. */
    static String redact(String uri) {
        Parts parts = Parts.of(uri);
        if (parts == null) {
            return "(unparseable Redis URI)";
        }
        String tail = parts.tail;
        int query = tail.indexOf('?');
        if (query >= 0) {
            int fragment = tail.indexOf('#', query);
            tail = tail.substring(0, query) + (fragment < 0 ? "" : tail.substring(fragment));
        }
        return parts.scheme + "://" + parts.hosts + tail;
    }

    /** How a Lettuce URI is shown: scheme, hosts and database, never credentials. */
    static String describe(RedisURI uri) {
        StringBuilder out = new StringBuilder();
        if (!uri.getSentinels().isEmpty()) {
            out.append(uri.isSsl() ? "rediss-sentinel://" : "redis-sentinel://");
            List<String> hosts = new ArrayList<>();
            uri.getSentinels().forEach(s -> hosts.add(s.getHost() + ":" + s.getPort()));
            out.append(String.join(",", hosts));
        } else if (uri.getSocket() != null) {
            out.append("redis-socket://").append(uri.getSocket());
        } else {
            out.append(uri.isSsl() ? "rediss://" : "redis://").append(uri.getHost()).append(':').append(uri.getPort());
        }
        if (uri.getDatabase() != 0) {
            out.append('/').append(uri.getDatabase());
        }
        if (uri.getSentinelMasterId() != null) {
            out.append('#').append(uri.getSentinelMasterId());
        }
        return out.toString();
    }

    /** How the seeds of a cluster are shown. */
    static String describeCluster(Iterable<RedisURI> seeds) {
        List<String> hosts = new ArrayList<>();
        boolean ssl = false;
        for (RedisURI seed : seeds) {
            hosts.add(seed.getHost() + ":" + seed.getPort());
            ssl |= seed.isSsl();
        }
        return (ssl ? "rediss-cluster://" : "redis-cluster://") + String.join(",", hosts);
    }

    /** Removes the password of {@code raw} (if any) from a message. */
    static String scrub(String message, String raw) {
        Parts parts = Parts.of(raw);
        String secret = parts == null ? null : parts.password();
        String safe = message.replace(raw, redact(raw));
        return secret == null || secret.isEmpty() ? safe : safe.replace(secret, "****");
    }

    private static IllegalArgumentException invalid(String display, @Nullable String reason, String raw) {
        String safe = scrub(reason == null ? "invalid" : reason, raw);
        return new IllegalArgumentException("RedisStore: invalid Redis URI " + display + ": " + safe);
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = Math.max(from, 0); i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
