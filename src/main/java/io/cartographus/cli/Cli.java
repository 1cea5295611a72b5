package io.cartographus.cli;

import io.cartographus.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the command tree by hand (no classpath scanning) and runs it. */
public final class Cli {
    private Cli() {
    }

    // INHERIT: every subcommand takes --help too (an operator types `backup restore --help` first).
    @Command(name = "cartographus", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
            versionProvider = Cli.Version.class,
            description = "Cartographus backup and disaster recovery.",
            footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage or configuration error,",
                    "  3 invalid backup or input (restore refused or rolled back), 4 not found,",
                    "  5 not authorized, 11 busy (another backup or restore, or a server holds",
                    "  DATA_DIR), 12 unavailable, 13 no space, 130 interrupted."})
    static final class Root implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            // The spec's own command line, not a new one: a bare `cartographus` must list the commands.
            spec.commandLine().usage(System.out);
            return ExitCodes.USAGE;
        }
    }

    /** A command that only groups subcommands: without one, it prints its usage. */
    abstract static class Group implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(System.err);
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "backup", description = "Create, list, validate, download, delete, compare (diff), restore, prune, import and decrypt backups.")
    static final class BackupGroup extends Group {
    }

    @Command(name = "token", description = "Create, list and revoke API tokens (DATA_DIR/tokens.json).")
    static final class TokenGroup extends Group {
    }

    @Command(name = "demo", description = "Generate demo data.")
    static final class DemoGroup extends Group {
    }

    @Command(name = "serve", description = "Run the service: host API, backup API, scheduler, /metrics.")
    static final class Serve implements Callable<Integer> {
        private final Wiring wiring;

        Serve(Wiring wiring) {
            this.wiring = wiring;
        }

        @Override
        public Integer call() {
            return wiring.serve(wiring.config());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"cartographus " + (v == null ? "dev" : v)};
        }
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String[] args, Wiring wiring) {
        CommandLine backup = new CommandLine(new BackupGroup())
                .addSubcommand("create", new BackupCreate(wiring))
                .addSubcommand("list", new BackupList(wiring))
                .addSubcommand("show", new BackupShow(wiring))
                .addSubcommand("status", new BackupStatus(wiring))
                .addSubcommand("validate", new BackupValidate(wiring))
                .addSubcommand("check", new BackupCheck(wiring))
                .addSubcommand("drill", new BackupDrill(wiring))
                .addSubcommand("download", new BackupDownload(wiring))
                .addSubcommand("delete", new BackupDelete(wiring))
                .addSubcommand("restore", new BackupRestore(wiring))
                .addSubcommand("diff", new BackupDiffCommand(wiring))
                .addSubcommand("prune", new BackupPrune(wiring))
                .addSubcommand("decrypt", new BackupDecrypt(wiring))
                .addSubcommand("import", new BackupImport(wiring))
                .addSubcommand("offsite", new CommandLine(new BackupOffsite.Group())
                        .addSubcommand("sync", new BackupOffsite.Sync(wiring))
                        .addSubcommand("list", new BackupOffsite.ListRemote(wiring)));
        CommandLine token = new CommandLine(new TokenGroup())
                .addSubcommand("create", new TokenCommands.Create(wiring))
                .addSubcommand("list", new TokenCommands.ListTokens(wiring))
                .addSubcommand("revoke", new TokenCommands.Revoke(wiring));
        CommandLine demo = new CommandLine(new DemoGroup()).addSubcommand("seed", new DemoSeed(wiring));
        CommandLine root = new CommandLine(new Root())
                .addSubcommand("serve", new Serve(wiring))
                .addSubcommand("backup", backup)
                .addSubcommand("token", token)
                .addSubcommand("demo", demo)
                .addSubcommand("audit", new AuditCommand(wiring))
                .addSubcommand("bench", new BenchCommand(wiring));
        root.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException c) {
                if (c.problems().size() == 1) {
                    // One problem, one line: what start-up logs and supervisors show first.
                    System.err.println("configuration error: " + c.problems().get(0));
                } else {
                    System.err.println("configuration errors:");
                    c.problems().forEach(p -> System.err.println("  " + p));
                }
                return ExitCodes.USAGE;
            }
            System.err.println("error: " + ex.getMessage());
            return ExitCodes.FAILURE;
        });
        return root.execute(args);
    }

    /** The process entry: runs and exits with the code (the only System.exit in the program). */
    public static void main(String[] args, Wiring wiring) {
        Interruption interruption = Interruption.install(args);
        int code = run(args, wiring);
        interruption.finished();
        System.exit(code);
    }
}
