package io.cartographus.offsite;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the AWS SDK throws into messages an operator can act on, and decides which failures
 * are worth retrying ({@link ErrorKind#UNAVAILABLE}). Messages name the bucket, the object and the
 * endpoint, never a credential: the SDK's own texts are only used for the S3 error code.
 */
final class S3Errors {
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidSecurity");
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable",
            "Throttling", "ThrottlingException", "RequestTimeTooSkewed");

    private final S3Location where;
    private final String endpoint;

    S3Errors(S3Location where, String endpoint) {
        this.where = where;
        this.endpoint = endpoint;
    }

    /** {@code doing}: what was being attempted, e.g. "upload backup-….tar.gz". */
    BackupException translate(String doing, String name, SdkException e) {
        String object = name == null ? where.toString() : where.uri(name);
        if (e instanceof AwsServiceException s) {
            return service(doing, object, s);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return new BackupException(ErrorKind.UNAVAILABLE, "cannot " + doing + " (" + object + "): interrupted", e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new BackupException(ErrorKind.UNAVAILABLE, "cannot " + doing + " (" + object + "): " + endpoint + " timed out", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new BackupException(ErrorKind.FORBIDDEN, "cannot " + doing + " (" + object + "): no S3 credentials were found",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or give the machine a role)", e);
        }
        IOException io = ioCause(e);
        if (io != null) {
            return new BackupException(ErrorKind.UNAVAILABLE, "cannot " + doing + " (" + object + "): cannot reach " + endpoint + ": "
                    + io.getClass().getSimpleName() + (io.getMessage() == null ? "" : " " + io.getMessage()),
                    "check BACKUP_OFFSITE_ENDPOINT and the network", e);
        }
        return new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot " + doing + " (" + object + "): " + firstLine(message), e);
    }

    private BackupException service(String doing, String object, AwsServiceException s) {
        String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        int status = s.statusCode();
        String prefix = "cannot " + doing + " (" + object + "): ";
        if ("NoSuchBucket".equals(code)) {
            return missingBucket(prefix, s);
        }
        if ("NoSuchKey".equals(code) || status == 404) {
            return new BackupException(ErrorKind.NOT_FOUND, prefix + "no such object", s);
        }
        if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return new BackupException(ErrorKind.FORBIDDEN, prefix + endpoint + " rejected the credentials (" + code + ")",
                    "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile/role the AWS SDK picked up)", s);
        }
        if (code == null && (status == 401 || status == 403)) {
            // HEAD answers carry no error code: all we know is "refused".
            return new BackupException(ErrorKind.FORBIDDEN, prefix + endpoint + " refused the request (" + status
                    + "): the credentials are wrong or may not use bucket '" + where.bucket() + "'",
                    "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that they may read, write, list and delete in the bucket", s);
        }
        if (code != null && CREDENTIAL_CODES.contains(code) || status == 401 || status == 403) {
            return new BackupException(ErrorKind.FORBIDDEN, prefix + "access denied by " + endpoint + " (" + (code == null ? status : code) + ")",
                    "check the credentials and that they may read, write, list and delete in bucket '" + where.bucket() + "'", s);
        }
        if (status >= 500 || status == 429 || status == 408 || code != null && TRANSIENT_CODES.contains(code) || s.isThrottlingException()) {
            return new BackupException(ErrorKind.UNAVAILABLE, prefix + endpoint + " answered " + status + (code == null ? "" : " " + code), s);
        }
        return new BackupException(ErrorKind.STORAGE_UNAVAILABLE, prefix + endpoint + " answered " + status + (code == null ? "" : " " + code), s);
    }

    /** For a request that can only fail with 404 because the bucket is missing (HEAD bucket). */
    BackupException missingBucket(String doing, String name, Throwable cause) {
        return missingBucket("cannot " + doing + " (" + (name == null ? where.toString() : where.uri(name)) + "): ", cause);
    }

    private BackupException missingBucket(String prefix, Throwable cause) {
        return new BackupException(ErrorKind.NOT_FOUND, prefix + "bucket '" + where.bucket() + "' does not exist at " + endpoint,
                "create the bucket, or fix BACKUP_OFFSITE_URL / BACKUP_OFFSITE_ENDPOINT / BACKUP_OFFSITE_REGION", cause);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io && !(io instanceof InterruptedIOException && Thread.currentThread().isInterrupted())) {
                return io;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }
}
