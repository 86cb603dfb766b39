package io.onrabble.http;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class PercentEncodingTest {
    @Test
    void decodesValidUtf8AndPlusAsASpaceInQueries() {
        assertThat(PercentEncoding.decode("caf%C3%A9+au%20lait", true)).hasValue("café au lait");
        assertThat(PercentEncoding.decode("a+b", false)).hasValue("a+b");
        assertThat(PercentEncoding.decode("%F0%9F%98%80", true)).hasValue("😀");
        assertThat(PercentEncoding.decode("%00", true)).hasValue("\u0000");
    }

    @Test
    void refusesBrokenEscapesAndBytesThatAreNotUtf8() {
        for (var raw : List.of("%", "a%", "%2", "%G1", "%zz", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%C3")) {
            assertThat(PercentEncoding.decode(raw, true)).as(raw).isEmpty();
        }
    }

    @Test
    void splitsAQueryStringAndMarksNamesAndValuesThatCannotBeDecoded() {
        assertThat(PercentEncoding.query("a=1&a=%FF&b&&c=x%20y&%ZZ=1")).containsExactly(
                new PercentEncoding.Parameter(Optional.of("a"), Optional.of("1")),
                new PercentEncoding.Parameter(Optional.of("a"), Optional.empty()),
                new PercentEncoding.Parameter(Optional.of("b"), Optional.of("")),
                new PercentEncoding.Parameter(Optional.of("c"), Optional.of("x y")),
                new PercentEncoding.Parameter(Optional.empty(), Optional.of("1")));
        assertThat(PercentEncoding.query(null)).isEmpty();
    }
}
