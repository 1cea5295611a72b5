package io.cartographus.cli;

import io.cartographus.auth.CreatedToken;
import io.cartographus.auth.Role;
import io.cartographus.auth.TokenInfo;
import io.cartographus.auth.TokenStore;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code token create|list|revoke}: works on DATA_DIR/tokens.json; a running server picks changes up. */
final class TokenCommands {
    private TokenCommands() {
    }

    private static TokenStore store(Wiring wiring) {
        Path dataDir = wiring.config().config().host().dataDir();
        return new TokenStore(dataDir.resolve("tokens.json"));
    }

    private static int run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (BackupException e) {
            System.err.println("error: " + e.getMessage() + (e.hint() == null ? "" : "\n  hint: " + e.hint()));
            return ExitCodes.of(e.kind());
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    @Command(name = "create", description = "Create a token and print it once.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true) String name;
        @Option(names = "--role", required = true, description = "viewer, operator or admin") String role;
        private final Wiring wiring;

        Create(Wiring wiring) {
            this.wiring = wiring;
        }

        @Override
        public Integer call() {
            return run(() -> {
                Role r = Role.parse(role);
                if (r == null) {
                    throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown role '" + role + "': viewer, operator or admin");
                }
                CreatedToken t = store(wiring).create(name, r);
                System.err.println("token '" + t.info().name() + "' (" + r.label() + ", id " + t.info().id() + ") created; it is shown only once:");
                System.out.println(t.token());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "list", description = "List tokens (names, roles, ids; never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        private final Wiring wiring;

        ListTokens(Wiring wiring) {
            this.wiring = wiring;
        }

        @Override
        public Integer call() {
            return run(() -> {
                System.out.printf("%-10s %-24s %-9s %s%n", "ID", "NAME", "ROLE", "CREATED");
                for (TokenInfo t : store(wiring).list()) {
                    System.out.printf("%-10s %-24s %-9s %s%n", t.id(), t.name(), t.role().label(), t.createdAt());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a token by id or name.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID|NAME") String which;
        private final Wiring wiring;

        Revoke(Wiring wiring) {
            this.wiring = wiring;
        }

        @Override
        public Integer call() {
            return run(() -> {
                if (!store(wiring).revoke(which)) {
                    throw new BackupException(ErrorKind.NOT_FOUND, "no token with id or name '" + which + "'");
                }
                System.out.println("revoked " + which);
                return ExitCodes.OK;
            });
        }
    }
}
