package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cartographus.testing.Seeds;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SamplesTest {
    private static Samples of(double... values) {
        Samples s = new Samples();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    @ParameterizedTest(name = "p{1} of [{0}] = {2}")
    @CsvSource(delimiter = ';', value = {
            "5; 50; 5",
            "1 2 3; 50; 2",
            "4 1 3 2; 50; 2.5",
            "1 2 3 4 5 6 7 8 9 10 11; 0; 1",
            "1 2 3 4 5 6 7 8 9 10 11; 100; 11",
            "1 2 3 4 5 6 7 8 9 10 11; 90; 10",
            "10 20; 99; 19.9"})
    void percentile_interpolates_between_the_closest_ranks(String values, double p, double expected) {
        double[] v = java.util.Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertThat(of(v).percentile(p)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void median_min_and_max_do_not_depend_on_the_order_of_the_samples() {
        Random random = new Random(Seeds.seed("SamplesTest.order"));
        List<Double> values = random.doubles(101, 0, 1000).boxed().toList();
        Samples a = new Samples();
        values.forEach(a::add);
        List<Double> reversed = new java.util.ArrayList<>(values);
        java.util.Collections.reverse(reversed);
        Samples b = new Samples();
        reversed.forEach(b::add);
        assertThat(a.median()).isEqualTo(b.median());
        assertThat(a.min()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(a.max()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(a.count()).isEqualTo(101);
    }

    @Test
    void an_empty_sample_has_no_median() {
        assertThat(new Samples().median()).isNaN();
        assertThat(Targets.ms(new Samples().median())).isEqualTo("n/a");
    }

    @Test
    void nanoseconds_are_kept_as_milliseconds() {
        Samples s = new Samples();
        s.addNanos(1_500_000);
        assertThat(s.median()).isEqualTo(1.5);
    }
}
