package io.cartographus.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.Archives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashingStreamsTest {
    private final byte[] data = Archives.mixed(new Random(17), 1_000_003);

    @Test
    void output_stream_hashes_and_counts_what_passes_and_forwards_it() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HashingOutputStream out = new HashingOutputStream(sink);
        out.write(data[0]);
        out.write(data, 1, 500_000);
        out.write(data, 500_001, data.length - 500_001);

        assertThat(out.count()).isEqualTo(data.length);
        assertThat(out.sha256Hex()).isEqualTo(Archives.sha256(data)).matches("[0-9a-f]{64}");
        assertThat(sink.toByteArray()).isEqualTo(data);
    }

    @Test
    void input_stream_hashes_read_and_skipped_bytes_alike() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data));
        assertThat(in.read()).isEqualTo(data[0] & 0xff);
        in.readNBytes(1000);
        assertThat(in.skip(400_000)).isEqualTo(400_000);
        in.readAllBytes();
        assertThat(in.read()).isEqualTo(-1);

        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.sha256Hex()).isEqualTo(Archives.sha256(data));
    }

    @Test
    void empty_streams_hash_to_the_sha256_of_nothing() {
        assertThat(new HashingOutputStream(new ByteArrayOutputStream()).sha256Hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
