package io.cartographus.database;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * CHECKPOINT with retries. DuckDB refuses a checkpoint at once while another connection has an
 * uncommitted UPDATE; retrying every few milliseconds succeeded within 1–87 tries under load here.
 * FORCE CHECKPOINT is never used: it blocks every new write while it waits (13 s seen).
 */
final class Checkpoint {
    private Checkpoint() {
    }

    static void run(Connection c, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        while (true) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
                return;
            } catch (SQLException e) {
                String m = String.valueOf(e.getMessage());
                boolean retryable = m.contains("other write transactions") || m.contains("Cannot CHECKPOINT");
                if (!retryable || System.nanoTime() > deadline) {
                    throw new BackupException(ErrorKind.BUSY,
                            "CHECKPOINT failed after " + (attempt + 1) + " attempts: " + Database.firstLine(m), e);
                }
                attempt++;
                try {
                    Thread.sleep(Math.min(2L + attempt, 20L));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new BackupException(ErrorKind.INTERNAL, "interrupted during CHECKPOINT", ie);
                }
            }
        }
    }
}
