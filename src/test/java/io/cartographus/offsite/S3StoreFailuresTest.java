package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.OffsiteConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What an operator sees when the bucket, the credentials or the network are wrong, and interrupted uploads. */
class S3StoreFailuresTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = S3ProxyServer.start().bucket("backups");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    private static String allMessages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t).append('\n');
        }
        return s.toString();
    }

    @Test
    void missing_bucket_is_named_with_the_endpoint_and_a_hint() throws Exception {
        Path f = OffsiteStoreContract.randomFile(tmp, "f", 100, 1);
        String sha = sha(f);
        try (S3Store store = s3.store("no-such-bucket", "prod")) {
            for (Runnable call : List.<Runnable>of(() -> store.put("backup-20260101-020000-full.tar.gz", f, sha),
                    () -> store.list("backup-"), () -> store.put("backup-20260101-020000-full.json", new byte[] {1}))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("bucket 'no-such-bucket' does not exist at " + s3.endpoint());
                    assertThat(e.hint()).contains("BACKUP_OFFSITE_URL");
                });
            }
        }
    }

    @Test
    void rejected_credentials_are_reported_without_the_secret() throws Exception {
        Path f = OffsiteStoreContract.randomFile(tmp, "f", 100, 1);
        String sha = sha(f);
        String secret = "WRONG-secret-value-9f8e7d6c5b4a";
        for (String accessKey : List.of(S3ProxyServer.ACCESS_KEY, "unknown-access-key")) {
            S3Options o = S3Options.defaults().withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)));
            try (S3Store store = new S3Store(s3.config("backups", ""), o)) {
                assertThatThrownBy(() -> store.put("backup-20260101-020000-full.tar.gz", f, sha))
                        .isInstanceOfSatisfying(BackupException.class, e -> {
                            assertThat(e.kind()).as(allMessages(e)).isEqualTo(ErrorKind.FORBIDDEN);
                            // "rejected the credentials" from the upload itself, or "the credentials are wrong" from the
                            // bodiless probe when the server closed the connection before reading the body.
                            assertThat(e.getMessage()).containsAnyOf("rejected the credentials", "the credentials are wrong")
                                    .contains(s3.endpoint().toString());
                            assertThat(e.hint()).contains("AWS_SECRET_ACCESS_KEY");
                            assertThat(allMessages(e)).doesNotContain(secret);
                        });
                assertThatThrownBy(() -> store.list("")).isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN));
            }
        }
    }

    @Test
    void no_credentials_at_all_says_how_to_give_them() {
        S3Options o = S3Options.defaults().withCredentials(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        });
        try (S3Store store = new S3Store(s3.config("backups", ""), o)) {
            assertThatThrownBy(() -> store.list("")).isInstanceOfSatisfying(BackupException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN);
                assertThat(e.getMessage()).contains("no S3 credentials were found");
                assertThat(e.hint()).contains("AWS_ACCESS_KEY_ID");
            });
        }
    }

    @Test
    void unreachable_endpoint_is_worth_retrying_and_says_where() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OffsiteConfig c = new OffsiteConfig(URI.create("s3://backups"), URI.create("http://127.0.0.1:" + port), "us-east-1", true);
        S3Options o = S3Options.defaults().withCredentials(S3ProxyServer.credentials()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (S3Store store = new S3Store(c, o)) {
            assertThatThrownBy(() -> store.list("")).isInstanceOfSatisfying(BackupException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("cannot reach http://127.0.0.1:" + port);
            });
        }
    }

    @Test
    void interrupted_multipart_upload_leaves_no_object_and_no_parts_and_a_retry_succeeds() throws Exception {
        Path f = OffsiteStoreContract.randomFile(tmp, "big", 40L * 1024 * 1024 + 1, 9);
        String sha = sha(f);
        List<Long> progress = new ArrayList<>();
        S3Options interrupting = S3Options.defaults().withPartSize(S3Options.MIN_PART_SIZE).withCredentials(S3ProxyServer.credentials())
                .withProgress((name, sent, total) -> {
                    progress.add(sent);
                    if (progress.size() == 2) {
                        Thread.currentThread().interrupt(); // what shutting the executor down does
                    }
                });
        try (S3Store store = new S3Store(s3.config("backups", "interrupted"), interrupting)) {
            assertThatThrownBy(() -> store.put("backup-20260101-020000-full.tar.gz", f, sha))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.getMessage()).contains("interrupted after 2 part(s)"));
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            assertThat(store.head("backup-20260101-020000-full.tar.gz")).isEmpty();
            assertThat(s3.raw().listMultipartUploads(r -> r.bucket("backups")).uploads()).as("aborted, no parts left").isEmpty();
        }
        progress.clear();
        try (S3Store store = new S3Store(s3.config("backups", "interrupted"),
                interrupting.withProgress((name, sent, total) -> progress.add(sent)))) {
            store.put("backup-20260101-020000-full.tar.gz", f, sha);
            assertThat(progress).as("9 parts of 5 MiB for 40 MiB + 1 byte").hasSize(9).last().isEqualTo(Files.size(f));
            assertThat(store.get("backup-20260101-020000-full.tar.gz", tmp.resolve("back"), sha)).isEqualTo(sha);
        }
    }

    @Test
    void part_size_grows_to_stay_within_ten_thousand_parts() {
        S3Options o = S3Options.defaults();
        assertThat(o.partSizeFor(1L << 30)).isEqualTo(16L << 20);
        assertThat(o.partSizeFor(1L << 40)).isEqualTo(105L << 20); // 1 TiB / 10 000, rounded up to whole MiB
        assertThat((1L << 40 + 0) / o.partSizeFor(1L << 40)).isLessThan(S3Options.MAX_PARTS);
        assertThatThrownBy(() -> o.withPartSize(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.withCredentials(S3ProxyServer.credentials()).toString()).doesNotContain(S3ProxyServer.SECRET_KEY)
                .doesNotContain(S3ProxyServer.ACCESS_KEY);
    }

    private static String sha(Path f) throws Exception {
        return OffsiteStoreContract.sha256(f);
    }
}
