package io.cartographus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import javax.crypto.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warm-up swallows failures (only speed is at stake), so this checks that it really makes every call. */
class GcmWarmUpTest {
    @ParameterizedTest
    @ValueSource(ints = {Cipher.ENCRYPT_MODE, Cipher.DECRYPT_MODE})
    void the_warm_up_makes_every_call_without_failing(int mode) {
        assertThat(GcmWarmUp.run(mode)).isEqualTo(GcmWarmUp.CALLS);
    }
}
