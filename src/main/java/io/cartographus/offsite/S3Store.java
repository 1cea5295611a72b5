package io.cartographus.offsite;

import io.cartographus.config.OffsiteConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.DiskFull;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link OffsiteStore} on S3 or any S3-compatible server (MinIO, Ceph, R2, S3Proxy…), through the
 * AWS SDK with its plain {@code URLConnection} HTTP client. Integrity does not depend on the server's
 * checksum features: every request body carries a Content-MD5 the server checks, the SHA-256 of the
 * whole file is computed from the bytes sent and compared before the object is made visible, and it
 * is stored as object metadata ({@code x-amz-meta-sha256}) so a later listing can compare without
 * downloading.
 */
public final class S3Store implements OffsiteStore {
    static final String META_SHA256 = "sha256";
    private static final int COPY_BUFFER = 64 * 1024;

    private final S3Client s3;
    private final S3Location where;
    private final S3Options options;
    private final S3Errors errors;

    public S3Store(OffsiteConfig config, S3Options options) {
        this.where = S3Location.parse(config.url());
        this.options = options;
        String endpoint = config.endpoint() != null ? config.endpoint().toString() : "AWS S3 (" + config.region() + ")";
        this.errors = new S3Errors(where, endpoint);
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(options.connectTimeout())
                        .socketTimeout(options.socketTimeout()))
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(options.credentials() != null ? options.credentials() : DefaultCredentialsProvider.builder().build())
                // The SDK's default CRC32 trailers (aws-chunked bodies) are refused by several S3-compatible
                // servers; Content-MD5 per request plus our own SHA-256 cover integrity everywhere.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (config.endpoint() != null) {
            b.endpointOverride(config.endpoint());
        }
        this.s3 = b.build();
    }

    @Override
    public void put(String name, Path file, String sha256) {
        try {
            new S3Upload(s3, where, options, errors).upload(name, file, sha256.toLowerCase(java.util.Locale.ROOT));
        } catch (SdkException e) {
            throw explained(errors.translate("upload " + name, name, e), name);
        }
    }

    /**
     * A server that refuses a request may answer before reading the body and close the connection,
     * which the client sees as a broken pipe ("cannot reach"). A bodiless request then tells the
     * real reason (credentials, missing bucket) instead of a misleading network error.
     */
    private BackupException explained(BackupException failure, String name) {
        if (failure.kind() != ErrorKind.UNAVAILABLE || Thread.currentThread().isInterrupted()) {
            return failure;
        }
        try {
            s3.headBucket(r -> r.bucket(where.bucket()));
            return failure;
        } catch (SdkException probe) {
            BackupException why = errors.translate("upload " + name, name, probe);
            if (why.kind() == ErrorKind.NOT_FOUND) {
                return errors.missingBucket("upload " + name, name, probe);
            }
            return why.kind() == ErrorKind.FORBIDDEN ? why : failure;
        }
    }

    @Override
    public void put(String name, byte[] content) {
        try {
            String md5 = S3Upload.md5(content, content.length);
            String sha = HexFormat.of().formatHex(digest("SHA-256").digest(content));
            s3.putObject(r -> r.bucket(where.bucket()).key(where.key(name)).contentLength((long) content.length).contentMD5(md5)
                    .metadata(Map.of(META_SHA256, sha)), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw errors.translate("upload " + name, name, e);
        }
    }

    @Override
    public String get(String name, Path target, String expectedSha256) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(where.bucket()).key(where.key(name)));
             AtomicFile.Writing w = AtomicFile.begin(target, Permissions.FILE)) {
            MessageDigest sha = digest("SHA-256");
            OutputStream out = w.stream();
            byte[] buf = new byte[COPY_BUFFER];
            while (true) {
                int n = receive(in, buf, name);
                if (n < 0) {
                    break;
                }
                sha.update(buf, 0, n);
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    in.abort();
                    throw local("write " + target, e);
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(hex)) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "downloaded " + where.uri(name) + " has SHA-256 " + hex
                        + " but " + expectedSha256 + " was expected: the copy in the bucket is damaged; " + target + " was not written");
            }
            w.commit();
            return hex;
        } catch (SdkException e) {
            throw errors.translate("download " + name, name, e);
        } catch (IOException e) {
            throw local("write " + target, e);
        }
    }

    @Override
    public byte[] read(String name, int maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(where.bucket()).key(where.key(name)))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort();
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, where.uri(name) + " is " + length + " bytes, more than the "
                        + maxBytes + " expected of a sidecar");
            }
            byte[] content = in.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                in.abort();
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, where.uri(name) + " is larger than the " + maxBytes
                        + " bytes expected of a sidecar");
            }
            return content;
        } catch (SdkException e) {
            throw errors.translate("download " + name, name, e);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.UNAVAILABLE, "download of " + where.uri(name) + " broke off: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String namePrefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(where.bucket()).prefix(where.key(namePrefix))).contents()) {
                String name = where.name(o.key());
                // A prefix that names a folder ("chunks/") lists everything under it; any other lists one level.
                if (name != null && (!name.contains("/") || namePrefix.endsWith("/"))) {
                    out.add(new StoredObject(name, o.size() == null ? 0 : o.size(), o.lastModified(), null));
                }
            }
        } catch (SdkException e) {
            throw errors.translate("list " + namePrefix + "*", null, e);
        }
        return out;
    }

    @Override
    public Optional<StoredObject> head(String name) {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(where.bucket()).key(where.key(name)));
            return Optional.of(new StoredObject(name, h.contentLength() == null ? 0 : h.contentLength(), h.lastModified(),
                    h.metadata().get(META_SHA256)));
        } catch (SdkException e) {
            BackupException b = errors.translate("look up " + name, name, e);
            if (b.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw b;
        }
    }

    @Override
    public void delete(String name) {
        try {
            s3.deleteObject(r -> r.bucket(where.bucket()).key(where.key(name)));
        } catch (SdkException e) {
            BackupException b = errors.translate("delete " + name, name, e);
            // Some servers answer 404 NoSuchKey where S3 answers 204; a missing bucket is still an error.
            if (b.kind() == ErrorKind.NOT_FOUND && !b.getMessage().contains("bucket")) {
                return;
            }
            throw b;
        }
    }

    @Override
    public String location(String name) {
        return where.uri(name);
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Store[" + where + "]";
    }

    /** Reads the next bytes of a download; a failure here is the network (worth retrying). */
    private int receive(ResponseInputStream<GetObjectResponse> in, byte[] buf, String name) {
        if (Thread.currentThread().isInterrupted()) {
            in.abort();
            throw new BackupException(ErrorKind.UNAVAILABLE, "download of " + where.uri(name) + " interrupted");
        }
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.UNAVAILABLE, "download of " + where.uri(name) + " broke off: " + e.getMessage(), e);
        }
    }

    private static BackupException local(String doing, IOException e) {
        return new BackupException(DiskFull.causedBy(e) ? ErrorKind.NO_SPACE : ErrorKind.STORAGE_UNAVAILABLE, "cannot " + doing + ": " + e.getMessage(), e);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
