package io.cartographus.auth;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Named API tokens with roles, stored hashed in {@code tokens.json} (see {@link TokenFormat} for why
 * SHA-256). Thread-safe: {@link #authenticate} reads an immutable snapshot without locking; changes
 * re-read the file under an in-process lock plus a cross-process file lock, then write it atomically.
 *
 * <p>The server keeps the snapshot in memory; {@link #authenticate} checks the file at most once per
 * second for tokens it does not know (a token just created by the CLI is also retried by the caller
 * after a reload), and on every match, so a token revoked by the CLI in another process is refused
 * from the next request on.
 */
public final class TokenStore {
    static final String ENV_ADMIN_NAME = "env-admin";
    static final String BOOTSTRAP_ADMIN_NAME = "admin";
    /** Far longer than any token we issue; bounds the hashing work an unauthenticated caller can ask for. */
    static final int MAX_PRESENTED_LENGTH = 512;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Names that look like ids are refused, so that revoke(idOrName) can never pick the wrong token. */
    private static final Pattern ID_SHAPE = Pattern.compile("[0-9a-f]{8}");
    private static final long RELOAD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private record Snapshot(List<StoredToken> tokens, TokensFile.Stamp stamp) {
    }

    private final TokensFile file;
    private final FileLockGuard fileLock;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong nextReloadCheck = new AtomicLong(System.nanoTime());
    private volatile Snapshot snapshot;
    private volatile StoredToken envAdmin;
    private volatile TokensFile.Stamp lastWarnedStamp;

    public TokenStore(Path tokensFile) {
        this(tokensFile, Clock.systemUTC());
    }

    /** Loads the file now; a corrupt file throws {@link BackupException} (INTERNAL) and is left untouched. */
    public TokenStore(Path tokensFile, Clock clock) {
        this.file = new TokensFile(tokensFile);
        this.fileLock = new FileLockGuard(file.path().resolveSibling(file.path().getFileName() + ".lock"));
        this.clock = clock;
        this.snapshot = load();
    }

    /** Creates a token; its plaintext is in the result and nowhere else. */
    public CreatedToken create(String name, Role role) {
        checkName(name);
        if (role == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "a token needs a role (viewer, operator or admin)");
        }
        return modify(tokens -> {
            if (tokens.stream().anyMatch(t -> t.info().name().equals(name))) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "a token named '" + name + "' already exists",
                        "choose another name, or revoke the existing token first", null);
            }
            CreatedToken created = newToken(name, role, tokens);
            tokens.add(new StoredToken(created.info(), TokenFormat.sha256(created.token())));
            return created;
        });
    }

    /** The stored tokens, oldest first (the in-memory CARTOGRAPHUS_ADMIN_TOKEN identity is not listed). */
    public List<TokenInfo> list() {
        reloadIfChanged();
        return snapshot.tokens().stream().map(StoredToken::info).toList();
    }

    /** Revokes the token with this id, or else with this name; false if there is none. */
    public boolean revoke(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return false;
        }
        StoredToken env = envAdmin;
        if (env != null && (env.info().name().equals(idOrName) || env.info().id().equals(idOrName))) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "'" + idOrName + "' is set by CARTOGRAPHUS_ADMIN_TOKEN",
                    "unset CARTOGRAPHUS_ADMIN_TOKEN and restart to revoke it", null);
        }
        return modify(tokens -> tokens.removeIf(t -> t.info().id().equals(idOrName))
                || tokens.removeIf(t -> t.info().name().equals(idOrName)));
    }

    /**
     * The identity behind a presented bearer token, or empty. The presented token's hash is compared
     * with every stored hash (and the CARTOGRAPHUS_ADMIN_TOKEN hash) without stopping at a match, so the
     * time taken does not tell which or how many tokens exist.
     */
    public Optional<TokenInfo> authenticate(String presentedToken) {
        if (presentedToken == null || presentedToken.length() > MAX_PRESENTED_LENGTH || presentedToken.isBlank()) {
            return Optional.empty();
        }
        reloadPeriodically();
        byte[] presented = TokenFormat.sha256(presentedToken);
        TokenInfo found = match(presented);
        if (found != null && (envAdmin == null || found != envAdmin.info()) && reloadedNow()) {
            // A token revoked by the CLI a moment ago must not be honoured even once more: a match is
            // checked against the file (one stat), and the answer is re-made if the file changed.
            found = match(presented);
        }
        return Optional.ofNullable(found);
    }

    private TokenInfo match(byte[] presented) {
        TokenInfo found = null;
        for (StoredToken t : snapshot.tokens()) {
            if (MessageDigest.isEqual(presented, t.sha256())) {
                found = t.info();
            }
        }
        StoredToken env = envAdmin;
        if (env != null && MessageDigest.isEqual(presented, env.sha256())) {
            found = env.info();
        }
        return found;
    }

    /** Whether the file changed since the snapshot and was read again; a file that cannot be read keeps the snapshot. */
    private boolean reloadedNow() {
        TokensFile.Stamp stamp = null;
        try {
            stamp = file.stamp();
            if (stamp.equals(snapshot.stamp())) {
                return false;
            }
            reloadIfChanged();
            return true;
        } catch (BackupException e) {
            if (stamp == null || !stamp.equals(lastWarnedStamp)) {
                lastWarnedStamp = stamp;
                LOG.warn("Keeping the tokens loaded earlier: {}", e.getMessage());
            }
            return false;
        }
    }

    /**
     * Start-up: with an explicit admin token (CARTOGRAPHUS_ADMIN_TOKEN; blank counts as unset) it becomes
     * an in-memory admin named "env-admin", written nowhere, and the result is empty. Otherwise, if the
     * store holds no token, an admin token named "admin" is created and its plaintext written to
     * {@code adminTokenFile} (0600); the result is that path, for the caller to log (never the token).
     */
    public Optional<Path> bootstrap(Path adminTokenFile, String explicitAdminToken) {
        if (explicitAdminToken != null && !explicitAdminToken.isBlank()) {
            registerEnvAdmin(explicitAdminToken);
            return Optional.empty();
        }
        return modify(tokens -> {
            if (!tokens.isEmpty()) {
                return Optional.empty();
            }
            CreatedToken created = newToken(BOOTSTRAP_ADMIN_NAME, Role.ADMIN, tokens);
            // admin.token first: if we crash before tokens.json is written, the store is still empty and
            // the next start makes a new pair, instead of leaving a stored admin whose plaintext was lost.
            try {
                AtomicFile.writeString(adminTokenFile, created.token() + "\n", Permissions.SECRET);
            } catch (IOException e) {
                throw new BackupException(ErrorKind.INTERNAL, "cannot write the first admin token to " + adminTokenFile, e);
            }
            tokens.add(new StoredToken(created.info(), TokenFormat.sha256(created.token())));
            return Optional.of(adminTokenFile);
        });
    }

    /**
     * Re-reads tokens.json if its modification time, size or identity changed since it was last read.
     * A now-corrupt file throws and the previous tokens stay in force.
     */
    public void reloadIfChanged() {
        if (file.stamp().equals(snapshot.stamp())) {
            return;
        }
        writeLock.lock();
        try {
            refreshLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /** Called on the request path: cheap, never throws, at most one file check per second across threads. */
    private void reloadPeriodically() {
        long now = System.nanoTime();
        long next = nextReloadCheck.get();
        if (now - next < 0 || !nextReloadCheck.compareAndSet(next, now + RELOAD_INTERVAL_NANOS)) {
            return;
        }
        // A writer in this process holds the lock and refreshes the snapshot itself; don't wait for it.
        if (!writeLock.tryLock()) {
            return;
        }
        TokensFile.Stamp stamp = null;
        try {
            stamp = file.stamp();
            if (!stamp.equals(snapshot.stamp())) {
                snapshot = load();
            }
        } catch (BackupException e) {
            // Warn once per version of the file, not once per second.
            if (stamp == null || !stamp.equals(lastWarnedStamp)) {
                lastWarnedStamp = stamp;
                LOG.warn("Keeping the tokens loaded earlier: {}", e.getMessage());
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void refreshLocked() {
        if (!file.stamp().equals(snapshot.stamp())) {
            snapshot = load();
        }
    }

    /** Read-modify-write under both locks, starting from the file's current content, not our snapshot. */
    private <T> T modify(Function<List<StoredToken>, T> change) {
        writeLock.lock();
        try {
            return fileLock.locked(() -> {
                Snapshot current = load();
                snapshot = current;
                List<StoredToken> tokens = new ArrayList<>(current.tokens());
                T result = change.apply(tokens);
                // Unchanged entries are the same objects, so equality means "nothing to write".
                if (!tokens.equals(current.tokens())) {
                    file.write(tokens);
                    snapshot = new Snapshot(List.copyOf(tokens), file.stamp());
                }
                return result;
            });
        } finally {
            writeLock.unlock();
        }
    }

    /** The stamp is taken before reading: a write in between then only causes one extra reload, never a missed one. */
    private Snapshot load() {
        TokensFile.Stamp stamp = file.stamp();
        return new Snapshot(file.read(), stamp);
    }

    private CreatedToken newToken(String name, Role role, List<StoredToken> existing) {
        String id;
        do {
            id = TokenFormat.newId(random);
        } while (isTaken(id, existing));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new CreatedToken(new TokenInfo(id, name, role, now), TokenFormat.newToken(random));
    }

    private boolean isTaken(String id, List<StoredToken> existing) {
        StoredToken env = envAdmin;
        return (env != null && env.info().id().equals(id)) || existing.stream().anyMatch(t -> t.info().id().equals(id));
    }

    private void registerEnvAdmin(String token) {
        if (token.length() > MAX_PRESENTED_LENGTH) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "CARTOGRAPHUS_ADMIN_TOKEN is longer than "
                    + MAX_PRESENTED_LENGTH + " characters, so it could never be accepted");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "CARTOGRAPHUS_ADMIN_TOKEN contains spaces, control or"
                    + " non-ASCII characters, which an Authorization header cannot carry reliably");
        }
        if (token.length() < 16) {
            LOG.warn("CARTOGRAPHUS_ADMIN_TOKEN is shorter than 16 characters; use a long random value");
        }
        String id = TokenFormat.newId(random);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        envAdmin = new StoredToken(new TokenInfo(id, ENV_ADMIN_NAME, Role.ADMIN, now), TokenFormat.sha256(token));
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            // The rejected value is not echoed: it may be anything, including a pasted secret.
            throw new BackupException(ErrorKind.INVALID_REQUEST,
                    "invalid token name: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (name.startsWith(TokenFormat.PREFIX)) {
            // Most likely a token pasted into the name field; names are shown in lists and logs.
            throw new BackupException(ErrorKind.INVALID_REQUEST, "a token name may not start with '"
                    + TokenFormat.PREFIX + "' (that is what tokens look like)");
        }
        if (ID_SHAPE.matcher(name).matches()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "invalid token name '" + name
                    + "': 8 lower-case hex digits look like a token id");
        }
        if (name.equals(ENV_ADMIN_NAME)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "the token name '" + ENV_ADMIN_NAME
                    + "' is reserved for CARTOGRAPHUS_ADMIN_TOKEN");
        }
    }
}
