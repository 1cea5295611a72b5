package io.cartographus.offsite;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Tuning of {@link S3Store}. {@code partSize} is both the multipart threshold and the size of each
 * part, and so the memory one upload holds; {@code credentials} null means the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, web identity, container and
 * instance roles); {@code progress} hears about each part sent.
 */
public record S3Options(long partSize, Duration connectTimeout, Duration socketTimeout,
                        AwsCredentialsProvider credentials, Progress progress) {
    /** S3 refuses parts below 5 MiB (except the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3 allows at most this many parts per upload; bigger files get bigger parts. */
    public static final int MAX_PARTS = 10_000;

    /** Told after each part (and after a single-request upload) how far an upload is. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (name, sent, total) -> { };

        void sent(String name, long bytesSent, long totalBytes);
    }

    public S3Options {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least " + MIN_PART_SIZE + " bytes (S3's minimum), got " + partSize);
        }
        if (partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("partSize must fit in one buffer, got " + partSize);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        progress = progress == null ? Progress.NONE : progress;
    }

    /** 16 MiB parts, 10 s to connect, 60 s without a byte before giving up, the default credential chain. */
    public static S3Options defaults() {
        return new S3Options(16L * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), null, Progress.NONE);
    }

    public S3Options withPartSize(long bytes) {
        return new S3Options(bytes, connectTimeout, socketTimeout, credentials, progress);
    }

    public S3Options withCredentials(AwsCredentialsProvider c) {
        return new S3Options(partSize, connectTimeout, socketTimeout, c, progress);
    }

    public S3Options withProgress(Progress p) {
        return new S3Options(partSize, connectTimeout, socketTimeout, credentials, p);
    }

    public S3Options withTimeouts(Duration connect, Duration socket) {
        return new S3Options(partSize, connect, socket, credentials, progress);
    }

    /** The part size for a file: at least {@link #partSize}, large enough to stay within {@link #MAX_PARTS}, whole MiB. */
    long partSizeFor(long fileSize) {
        long needed = (fileSize + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024L * 1024;
        return Math.max(partSize, (needed + mib - 1) / mib * mib);
    }

    // The record's default toString would print the credentials provider; keep secrets out of every log line.
    @Override
    public String toString() {
        return "S3Options[partSize=" + partSize + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", credentials=" + (credentials == null ? "default chain" : "explicit") + "]";
    }
}
