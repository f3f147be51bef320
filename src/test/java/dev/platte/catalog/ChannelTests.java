package dev.platte.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.common.InvalidInputException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A channel's transitions and the events each raises, without Spring or a database. */
class ChannelTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID APP = UUID.randomUUID();

    private static UpdatePackage pkg(String version, Arch arch) {
        return new UpdatePackage(UUID.randomUUID(), APP, new PackageContent(version, arch, PackageType.FLATCAR,
                "https://example.test/" + version + "/", "update.gz", 100, "c2hhMQ==", "c2hhMjU2", "", null), NOW);
    }

    private static Channel stable() {
        return new Channel(APP, "stable", Arch.AMD64, NOW);
    }

    @Test
    void takesItsCreationTimeFromTheCaller() {
        assertThat(stable().createdAt()).isEqualTo(NOW);
    }

    @Test
    void raisesChannelPromotedWhenItServesAnotherPackage() {
        var channel = stable();
        var release = pkg("4081.2.0", Arch.AMD64);

        channel.serve(release, "alice");

        assertThat(channel.packageId()).isEqualTo(release.id());
        assertThat(channel.raisedEvents()).containsExactly(new ChannelPromoted(APP, channel.id(), "stable", Arch.AMD64,
                release.id(), "4081.2.0", false, "alice"));
        assertThat(((ChannelPromoted) channel.raisedEvents().getFirst()).feedEntry().message())
                .isEqualTo("Channel stable (amd64) now serves 4081.2.0");
    }

    @Test
    void raisesNothingWhenItServesThePackageItServesAlready() {
        var channel = stable();
        var release = pkg("4081.2.0", Arch.AMD64);
        channel.serve(release, "alice");

        channel.serve(release, "bob");
        channel.serve(null, "bob");

        assertThat(channel.raisedEvents()).as("only the first promotion").hasSize(1);
        assertThat(channel.packageId()).isNull();
    }

    @Test
    void refusesAPackageOfAnotherArchAndRaisesNothing() {
        var channel = stable();

        assertThatThrownBy(() -> channel.serve(pkg("4081.2.0", Arch.ARM64), "alice"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(channel.raisedEvents()).isEmpty();
        assertThat(channel.packageId()).isNull();
    }

    @Test
    void rollingBackRaisesRollbackStartedThenThePromotionOfTheOlderPackage() {
        var channel = stable();
        var older = pkg("4081.1.0", Arch.AMD64);
        var newer = pkg("4081.2.0", Arch.AMD64);
        channel.serve(newer, "alice");

        channel.rollBack(newer, older, "etcd corrupts data", "bob", NOW, true);

        assertThat(channel.isRollback()).isTrue();
        assertThat(channel.rollbackFromVersion()).isEqualTo("4081.2.0");
        assertThat(channel.rollbackBy()).isEqualTo("bob");
        assertThat(channel.rollbackAt()).isEqualTo(NOW);
        var events = channel.raisedEvents().subList(1, 3);
        var started = (RollbackStarted) events.get(0);
        assertThat(started.fromPackageId()).isEqualTo(newer.id());
        assertThat(started.toPackageId()).isEqualTo(older.id());
        assertThat(started.reason()).isEqualTo("etcd corrupts data");
        assertThat(started.revoked()).isTrue();
        assertThat(started.before()).containsEntry("packageId", newer.id()).doesNotContainKey("rollbackFromVersion");
        assertThat(started.after()).containsEntry("packageId", older.id())
                .containsEntry("rollbackFromVersion", "4081.2.0");
        assertThat(started.feedEntry().message())
                .isEqualTo("Channel stable (amd64) rolled back from 4081.2.0 to 4081.1.0 (4081.2.0 revoked): etcd corrupts data");
        assertThat(started.auditEntry().action()).isEqualTo("channel.rollback");
        assertThat(events.get(1)).isEqualTo(new ChannelPromoted(APP, channel.id(), "stable", Arch.AMD64, older.id(),
                "4081.1.0", true, "bob"));
        assertThat(((ChannelPromoted) events.get(1)).feedEntry()).as("the rollback is the feed's line").isNull();
    }

    @Test
    void promotingAnyOtherPackageEndsTheRollback() {
        var channel = stable();
        var older = pkg("4081.1.0", Arch.AMD64);
        var newer = pkg("4081.2.0", Arch.AMD64);
        var fixed = pkg("4081.2.1", Arch.AMD64);
        channel.serve(newer, "alice");
        channel.rollBack(newer, older, "bad", "bob", NOW, false);

        channel.serve(fixed, "carol");

        assertThat(channel.isRollback()).isFalse();
        assertThat(channel.rollbackReason()).isNull();
        assertThat(channel.raisedEvents().getLast()).isEqualTo(new ChannelPromoted(APP, channel.id(), "stable",
                Arch.AMD64, fixed.id(), "4081.2.1", false, "carol"));
    }
}
