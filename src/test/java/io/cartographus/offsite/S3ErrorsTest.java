package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 answers are worth retrying (UNAVAILABLE) and which are final, with what the operator reads. */
class S3ErrorsTest {
    private final S3Errors errors = new S3Errors(new S3Location("bkt", "prod"), "http://minio:9000");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "404, NoSuchBucket,          NOT_FOUND,           bucket 'bkt' does not exist at http://minio:9000",
            "404, NoSuchKey,             NOT_FOUND,           no such object",
            "404, '',                    NOT_FOUND,           no such object",
            "403, InvalidAccessKeyId,    FORBIDDEN,           rejected the credentials (InvalidAccessKeyId)",
            "403, SignatureDoesNotMatch, FORBIDDEN,           rejected the credentials (SignatureDoesNotMatch)",
            "403, AccessDenied,          FORBIDDEN,           access denied by http://minio:9000 (AccessDenied)",
            "403, '',                    FORBIDDEN,           http://minio:9000 refused the request (403): the credentials are wrong",
            "503, SlowDown,              UNAVAILABLE,         answered 503 SlowDown",
            "500, InternalError,         UNAVAILABLE,         answered 500 InternalError",
            "429, '',                    UNAVAILABLE,         answered 429",
            "400, RequestTimeout,        UNAVAILABLE,         answered 400 RequestTimeout",
            "400, EntityTooSmall,        STORAGE_UNAVAILABLE, answered 400 EntityTooSmall",
            "400, InvalidBucketName,     STORAGE_UNAVAILABLE, answered 400 InvalidBucketName",
    })
    void s3_answers_map_to_kinds_and_messages(int status, String code, ErrorKind kind, String message) {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code.isEmpty() ? null : code).build()).build();
        BackupException b = errors.translate("upload backup-x.tar.gz", "backup-x.tar.gz", e);
        assertThat(b.kind()).isEqualTo(kind);
        assertThat(b.getMessage()).startsWith("cannot upload backup-x.tar.gz (s3://bkt/prod/backup-x.tar.gz): ").contains(message);
        assertThat(b.getCause()).isSameAs(e);
    }
}
