package io.cartographus.offsite;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One file going up: a single request up to the part size, a multipart upload above it. The file is
 * read once, one part at a time into one buffer of the part size (the only memory that grows with
 * the configuration, none with the file), each part hashed (MD5 for the server, SHA-256 for us) before
 * it is sent. Nothing becomes visible unless the whole file's SHA-256 matches the one expected; any
 * failure, interruption included, aborts the multipart upload so that no parts are left behind.
 */
final class S3Upload {
    private static final Logger log = LoggerFactory.getLogger(S3Upload.class);
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final S3Location where;
    private final S3Options options;
    private final S3Errors errors;

    S3Upload(S3Client s3, S3Location where, S3Options options, S3Errors errors) {
        this.s3 = s3;
        this.where = where;
        this.options = options;
        this.errors = errors;
    }

    void upload(String name, Path file, String sha256) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read " + file + " to upload it: " + e.getMessage(), e);
        }
        long partSize = options.partSizeFor(size);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[(int) Math.min(partSize, Math.max(size, 1))];
            if (size <= partSize) {
                single(name, file, in, buffer, sha256);
            } else {
                multipart(name, file, in, buffer, size, sha256);
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read " + file + " while uploading it: " + e.getMessage(), e);
        }
    }

    private void single(String name, Path file, InputStream in, byte[] buffer, String sha256) throws IOException {
        int n = fill(in, buffer);
        if (in.read() != -1) {
            throw changed(name, file, "it grew while it was being read");
        }
        MessageDigest sha = S3Store.digest("SHA-256");
        sha.update(buffer, 0, n);
        checkWhole(name, file, sha, sha256);
        s3.putObject(r -> r.bucket(where.bucket()).key(where.key(name)).contentLength((long) n).contentType(CONTENT_TYPE)
                .contentMD5(md5(buffer, n)).metadata(Map.of(S3Store.META_SHA256, sha256)), body(buffer, n));
        options.progress().sent(name, n, n);
    }

    private void multipart(String name, Path file, InputStream in, byte[] buffer, long size, String sha256) throws IOException {
        String key = where.key(name);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(where.bucket()).key(key).contentType(CONTENT_TYPE)
                .metadata(Map.of(S3Store.META_SHA256, sha256))).uploadId();
        boolean completed = false;
        try {
            MessageDigest sha = S3Store.digest("SHA-256");
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int number = 1; ; number++) {
                int n = fill(in, buffer);
                if (n == 0) {
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new BackupException(ErrorKind.UNAVAILABLE, "upload of " + where.uri(name) + " interrupted after "
                            + parts.size() + " part(s)");
                }
                sha.update(buffer, 0, n);
                int partNumber = number;
                String etag = s3.uploadPart(r -> r.bucket(where.bucket()).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) n).contentMD5(md5(buffer, n)), body(buffer, n)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                sent += n;
                options.progress().sent(name, sent, size);
                if (n < buffer.length) {
                    break;
                }
            }
            checkWhole(name, file, sha, sha256);
            s3.completeMultipartUpload(r -> r.bucket(where.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abort(name, key, uploadId);
            }
        }
    }

    /** Best effort, also when the thread was interrupted: parts of an aborted upload cost money and space. */
    private void abort(String name, String key, String uploadId) {
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(r -> r.bucket(where.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("could not abort the unfinished upload of {} ({}); a bucket lifecycle rule for incomplete multipart "
                    + "uploads cleans such parts up", where.uri(name), errors.translate("abort upload", name, e).getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkWhole(String name, Path file, MessageDigest sha, String expected) {
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
            throw changed(name, file, "its SHA-256 is " + actual + ", the backup's record says " + expected);
        }
    }

    private BackupException changed(String name, Path file, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "not uploading " + file + " to " + where.uri(name) + ": " + why
                + " (the local file changed or is damaged; validate the backup)");
    }

    private static RequestBody body(byte[] buffer, int n) {
        // A new stream per call: the SDK may read the body twice (signing, then sending) or again on a retry.
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, n), n, CONTENT_TYPE);
    }

    /** Reads until the buffer is full or the stream ends; returns how many bytes. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static String md5(byte[] content, int length) {
        MessageDigest md5 = S3Store.digest("MD5");
        md5.update(content, 0, length);
        return Base64.getEncoder().encodeToString(md5.digest());
    }
}
