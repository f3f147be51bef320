package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.omaha.protocol.MalformedOmahaResponseException;
import dev.platte.payload.PayloadVerificationException;
import dev.platte.sync.Syncer.SyncException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SyncFailureReasonTests {

    @Test
    void keepsPlattesOwnWords() {
        assertThat(Syncer.failureReason(new SyncException("the upstream answered HTTP 500")))
                .isEqualTo("the upstream answered HTTP 500");
        assertThat(Syncer.failureReason(new PayloadVerificationException("update.gz: SHA-1 does not match")))
                .isEqualTo("update.gz: SHA-1 does not match");
    }

    @Test
    void leavesOutWhatTheCodecQuotedFromTheAnswer() {
        assertThat(Syncer.failureReason(new MalformedOmahaResponseException(
                "unsupported protocol \"SECRET\", expected 3.0")))
                .isEqualTo("the upstream's answer is not an Omaha response: unsupported protocol (value not shown)");
    }

    @Test
    void namesButNeverQuotesAnUnexpectedFailure() {
        assertThat(Syncer.failureReason(new IllegalStateException("SECRET\r\nforged")))
                .isEqualTo("unexpected IllegalStateException (details in the log at debug level)");
    }

    @Test
    void boundsEveryReasonToOneShortLine() {
        var reason = Syncer.failureReason(new SyncException("a\r\nb" + "x".repeat(5000)));

        assertThat(reason).doesNotContain("\r").doesNotContain("\n").hasSize(Syncer.MAX_ERROR_LENGTH + 1);
        assertThat(Syncer.failureReason(new IOException("No space left on device")))
                .isEqualTo("storing a mirrored file failed: java.io.IOException: No space left on device");
    }

    @Test
    void namesAnUpstreamsVersionOrStatusOnlyWhenItIsOne() {
        assertThat(Syncer.versionOf("4459.2.1")).isEqualTo("4459.2.1");
        assertThat(Syncer.versionOf("<script>")).isEqualTo("(not a version)");
        assertThat(Syncer.statusOf("error-unknownApplication")).isEqualTo("error-unknownApplication");
        assertThat(Syncer.statusOf("SECRET status")).isEqualTo("(not an Omaha status)");
    }
}
