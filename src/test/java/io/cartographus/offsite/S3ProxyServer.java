package io.cartographus.offsite;

import ch.qos.logback.classic.Level;
import io.cartographus.config.OffsiteConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (S3Proxy on its filesystem store) on a random loopback port, for the tests of
 * this package and the end-to-end test. {@link #raw()} is a plain SDK client for the test's own
 * look into (or damage to) the bucket.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789abcdefXYZ";

    private final Path baseDir;
    private final S3Proxy proxy;
    private final S3Client raw;

    static {
        // At DEBUG the proxy and its HTTP server print millions of lines and a test class takes minutes.
        for (String name : new String[] {"org.gaul", "org.jclouds", "jclouds", "org.eclipse.jetty", "software.amazon.awssdk"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    private S3ProxyServer(Path baseDir) throws Exception {
        this.baseDir = baseDir;
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        p.setProperty("jclouds.identity", ACCESS_KEY);
        p.setProperty("jclouds.credential", SECRET_KEY);
        BlobStore store = BlobStores.create("filesystem", p);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(endpoint()).forcePathStyle(true)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    public static S3ProxyServer start() throws Exception {
        return new S3ProxyServer(Files.createTempDirectory("s3proxy-"));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public S3Client raw() {
        return raw;
    }

    public S3ProxyServer bucket(String name) {
        raw.createBucket(b -> b.bucket(name));
        return this;
    }

    /**
     * Makes these credentials reach the AWS SDK's default chain as the system properties it reads first
     * ({@code aws.accessKeyId}): the chain production uses, without touching the process environment.
     */
    public static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public static void clearTestCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** The configuration BACKUP_OFFSITE_* would give for this server. */
    public OffsiteConfig config(String bucket, String prefix) {
        return new OffsiteConfig(url(bucket, prefix), endpoint(), "us-east-1", true);
    }

    /** The BACKUP_OFFSITE_* settings that point an engine at {@code bucket}/{@code prefix} on this server. */
    public Map<String, String> offsite(String bucket, String prefix) {
        return Map.of("BACKUP_OFFSITE_URL", url(bucket, prefix).toString(), "BACKUP_OFFSITE_ENDPOINT", endpoint().toString(),
                "BACKUP_OFFSITE_PATH_STYLE", "true");
    }

    private static URI url(String bucket, String prefix) {
        return URI.create("s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix));
    }

    /** A store on this server with small parts, the way the tests want it. */
    public S3Store store(String bucket, String prefix) {
        return new S3Store(config(bucket, prefix), S3Options.defaults().withPartSize(S3Options.MIN_PART_SIZE).withCredentials(credentials()));
    }

    @Override
    public void close() throws Exception {
        raw.close();
        proxy.stop();
        try (Stream<Path> walk = Files.walk(baseDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a temp directory.
                }
            });
        }
    }
}
