package io.cartographus.offsite;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The wrapper keeps the contract (bucket root, no prefix, for the prefix-less key mapping). */
class RetryingStoreContractTest extends OffsiteStoreContract {
    static S3ProxyServer s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    @Override
    OffsiteStore newStore(String name) {
        String bucket = name.replace('_', '-').substring(0, Math.min(40, name.length())).replaceAll("-+$", "");
        s3.bucket(bucket);
        return new RetryingStore(s3.store(bucket, ""), new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    @Override
    OffsiteStore neighbour(String name) {
        s3.bucket(name);
        return s3.store(name, "");
    }
}
