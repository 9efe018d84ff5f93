package dev.sojourn.servlet;

import dev.sojourn.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The standard {@link HttpSession} API over a Sojourn {@link Session}, so existing servlet code
 * keeps working. Attributes are stored as JSON: within a request {@code getAttribute} returns the
 * very object set, but in later requests it returns its JSON form as plain Java (a {@code Map} for a
 * bean); use {@link #unwrap()} for typed reads such as {@code session.get("user", User.class)}.
 *
 * <p>The max inactive interval is the cookie's lifetime: setting it sets the cookie's max age.
 * Stored records hold no creation time (as in express-session), so {@link #getCreationTime()}
 * reports the earliest time Sojourn knows: the previous access, or the creation in this request.
 */
public final class SojournHttpSession implements HttpSession {
    private final Session session;
    private final ServletContext context;

    SojournHttpSession(Session session, ServletContext context) {
        this.session = session;
        this.context = context;
    }

    /** The Sojourn session behind this view. */
    public Session unwrap() {
        return session;
    }

    @Override
    public long getCreationTime() {
        return session.lastAccessedTime().toEpochMilli();
    }

    @Override
    public String getId() {
        return session.id();
    }

    @Override
    public long getLastAccessedTime() {
        return session.lastAccessedTime().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    /** Sets the cookie's lifetime; zero or negative makes it a browser-session cookie (the store's default lifetime applies). */
    @Override
    public void setMaxInactiveInterval(int interval) {
        session.cookie().setMaxAge(interval <= 0 ? null : Duration.ofSeconds(interval));
    }

    /**
     * The cookie's lifetime in seconds (rounded: the lifetime is kept in milliseconds, measured from a
     * clock read that may be a millisecond late), or -1 for a browser-session cookie.
     */
    @Override
    public int getMaxInactiveInterval() {
        return session.cookie().originalMaxAge()
                .map(d -> (int) Math.min(Integer.MAX_VALUE, Math.round(d.toMillis() / 1000.0)))
                .orElse(-1);
    }

    @Override
    public Object getAttribute(String name) {
        return session.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(session.keys());
    }

    /**
     * Sets an attribute; {@code null} removes it, as the Servlet API says.
     *
     * @throws IllegalArgumentException when the value cannot be stored as JSON (the message names the key and type)
     */
    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            session.remove(name);
        } else {
            session.set(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        session.remove(name);
    }

    /** Destroys the session in the store now and clears the client's cookie at commit. */
    @Override
    public void invalidate() {
        session.destroy();
    }

    /** @throws IllegalStateException once the session was invalidated, as the Servlet API asks */
    @Override
    public boolean isNew() {
        session.cookie(); // throws IllegalStateException when the session was destroyed
        return session.isNew();
    }

    @Override
    public String toString() {
        return "SojournHttpSession[" + session + "]";
    }
}
