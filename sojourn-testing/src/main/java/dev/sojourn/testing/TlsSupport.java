package dev.sojourn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate for {@code 127.0.0.1} / {@code localhost}, made with the JDK's own
 * {@code keytool} (no extra dependency) and reused for a couple of days, for fixtures that serve
 * HTTPS, and the client {@link SSLContext} that trusts exactly that certificate.
 */
public final class TlsSupport {
    /** The password of the key store and of its key. */
    public static final String PASSWORD = "sojourn-test";
    private static @Nullable Path keyStore;
    private static @Nullable SSLContext clientContext;

    private TlsSupport() {
    }

    /** A PKCS12 key store holding the server's key and certificate (alias {@code sojourn}). */
    public static synchronized Path keyStore() {
        if (keyStore == null) {
            keyStore = privateCopy(generate());
        }
        return keyStore;
    }

    /**
     * A copy only this JVM uses, so the server's key and the client's trust always come from the
     * same file even when another test JVM replaces the shared one meanwhile.
     */
    private static Path privateCopy(Path shared) {
        try {
            Path copy = Files.createTempFile("sojourn-tls-", ".p12");
            Files.copy(shared, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the test key store", e);
        }
    }

    /** An SSL context that trusts the certificate of {@link #keyStore()} only. */
    public static synchronized SSLContext clientContext() {
        if (clientContext == null) {
            try (InputStream in = Files.newInputStream(keyStore())) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, PASSWORD.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                clientContext = context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the test TLS client context", e);
            }
        }
        return clientContext;
    }

    /**
     * Reuses a key store a recent run left in the temp directory (keytool starts a JVM, which is
     * slow on a busy machine), or makes one; parallel test JVMs each write their own file and move
     * it into place atomically.
     */
    private static Path generate() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sojourn-test-tls");
            Files.createDirectories(dir);
            Path file = dir.resolve("server.p12");
            if (Files.isRegularFile(file)
                    && Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(Duration.ofDays(2)))
                    && loads(file)) {
                return file;
            }
            Path fresh = dir.resolve("server-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "sojourn",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "7", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", fresh.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool to make a test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a test certificate", e);
        }
    }

    private static boolean loads(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance("PKCS12").load(in, PASSWORD.toCharArray());
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }
}
