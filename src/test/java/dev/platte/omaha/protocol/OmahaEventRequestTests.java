package dev.platte.omaha.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OmahaEventRequestTests {

    @Test
    void splitsFieldErrorCodeIntoBaseAndTestOmahaUrlFlag() {
        EventRequest event = new EventRequest(3, 0, 268435490L, null); // nebraska#371

        assertThat(event.errorCodeBase()).isEqualTo(34);
        assertThat(event.errorCodeFlags()).isEqualTo(EventRequest.FLAG_TEST_OMAHA_URL);
        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_TEST_OMAHA_URL)).isTrue();
        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_TEST_IMAGE)).isFalse();
        assertThat(event.httpStatus()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "268437959, 2503, 268435456, 503",   // HTTP 503 from a self-hosted server
            "2404, 2404, 0, 404",
            "1879048202, 10, 1879048192, ",      // PayloadHashMismatch + TestOmahaUrl|TestImage|Resumed
            "44, 44, 0, ",                        // rollback
            "2999, 2999, 0, 999",
    })
    void decodesBaseFlagsAndHttpStatus(long code, int base, long flags, Integer httpStatus) {
        EventRequest event = new EventRequest(3, 0, code, null);

        assertThat(event.errorCodeBase()).isEqualTo(base);
        assertThat(event.errorCodeFlags()).isEqualTo(flags);
        assertThat(event.httpStatus()).isEqualTo(httpStatus);
    }

    @Test
    void resumedFlagIsBit30() {
        EventRequest event = new EventRequest(3, 0, 1879048202L, null);

        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_RESUMED)).isTrue();
        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_TEST_IMAGE)).isTrue();
        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_DEV_MODE)).isFalse();
    }

    @Test
    void missingErrorCodeHasNoBaseAndNoFlags() {
        EventRequest event = new EventRequest(13, 1, null, null);

        assertThat(event.errorCodeBase()).isZero();
        assertThat(event.errorCodeFlags()).isZero();
        assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_TEST_OMAHA_URL)).isFalse();
        assertThat(event.httpStatus()).isNull();
    }

    @Test
    void matchesTypeAndResult() {
        EventRequest event = new EventRequest(3, 2, null, "3760.2.0");

        assertThat(event.is(EventRequest.TYPE_UPDATE_COMPLETE, EventRequest.RESULT_SUCCESS_REBOOT)).isTrue();
        assertThat(event.is(3, 1)).isFalse();
        assertThat(event.is(13, 2)).isFalse();
    }

    @Test
    void eventWithUnparsableTypeMatchesNothing() {
        EventRequest event = new EventRequest(null, null, null, null);

        assertThat(event.is(0, 0)).isFalse();
    }
}
