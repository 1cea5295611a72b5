package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract against a real S3 server (S3Proxy on loopback), under a prefix. */
class S3StoreContractTest extends OffsiteStoreContract {
    static S3ProxyServer s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = S3ProxyServer.start().bucket("contract");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    @Override
    OffsiteStore newStore(String name) {
        return s3.store("contract", "cartographus/" + name);
    }

    @Override
    OffsiteStore neighbour(String name) {
        return s3.store("contract", "cartographus/" + name);
    }

    @Test
    void location_is_the_s3_url_of_the_object() {
        assertThat(store.location("backup-20260101-020000-full.json"))
                .isEqualTo("s3://contract/cartographus/location_is_the_s3_url_of_the_object/backup-20260101-020000-full.json");
    }
}
