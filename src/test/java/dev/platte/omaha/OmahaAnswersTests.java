package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.catalog.Arch;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.AppStatus;
import dev.platte.omaha.protocol.EventRequest;
import dev.platte.omaha.protocol.OsInfo;
import dev.platte.omaha.protocol.UpdateCheckStatus;
import dev.platte.rollout.policy.HoldReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class OmahaAnswersTests {

    private static AppRequest request(boolean ping, boolean updateCheck, int events) {
        var eventList = java.util.stream.IntStream.range(0, events)
                .mapToObj(i -> new EventRequest(3, 2, null, ""))
                .toList();
        return new AppRequest("{APP}", "1.0.0", "stable", null, "m", "", "", "", "", "amd64-usr", false, ping,
                updateCheck, eventList);
    }

    @Test
    void answersAHoldWithNoUpdateNeverAnError() {
        var answer = OmahaAnswers.answer(request(true, true, 1),
                new AppOutcome.NoUpdate(NoUpdateReason.HELD, HoldReason.PAUSED, null), null);

        assertThat(answer.status()).isEqualTo(AppStatus.OK);
        assertThat(answer.updateCheck().status()).isEqualTo(UpdateCheckStatus.NO_UPDATE);
    }

    @Test
    void mirrorsTheRequestedChildrenOnly() {
        var answer = OmahaAnswers.answer(request(true, false, 2), new AppOutcome.Acknowledged(), null);

        assertThat(answer.appId()).isEqualTo("{APP}");
        assertThat(answer.ping()).isTrue();
        assertThat(answer.updateCheck()).isNull();
        assertThat(answer.eventCount()).isEqualTo(2);
    }

    @Test
    void answersAClientMistakeWithTheAppStatusAloneAndNoChildren() {
        for (var outcome : List.<AppOutcome>of(new AppOutcome.UnknownApplication(), new AppOutcome.InvalidAppId(),
                new AppOutcome.InvalidMachineId(), new AppOutcome.InvalidVersion())) {
            var answer = OmahaAnswers.answer(request(true, true, 2), outcome, 3600);

            assertThat(answer.status()).isNotEqualTo(AppStatus.OK);
            assertThat(answer.ping()).isFalse();
            assertThat(answer.updateCheck()).isNull();
            assertThat(answer.eventCount()).isZero();
        }
    }

    @Test
    void sendsThePollIntervalWithEveryNormalAnswer() {
        var answer = OmahaAnswers.answer(request(false, true, 0), new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE), 3600);

        assertThat(answer.updateCheck().pollIntervalSeconds()).isEqualTo(3600);
    }

    @Test
    void takesTheArchFromTheBoardThenTheOsArch() {
        var os = new OsInfo("CoreOS", "Chateau", "x", "arm");
        assertThat(OmahaService.archOf("amd64-usr", os)).isEqualTo(Arch.AMD64);
        assertThat(OmahaService.archOf("arm64-usr", null)).isEqualTo(Arch.ARM64);
        assertThat(OmahaService.archOf(null, os)).isEqualTo(Arch.ARM64);
        assertThat(OmahaService.archOf("", new OsInfo(null, null, null, "x64"))).isEqualTo(Arch.AMD64);
        assertThat(OmahaService.archOf(null, null)).isEqualTo(Arch.AMD64);
        assertThat(List.of(Arch.values())).contains(Arch.ALL);
    }
}
