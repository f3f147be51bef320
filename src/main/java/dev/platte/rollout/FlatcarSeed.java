package dev.platte.rollout;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.ChannelService;
import dev.platte.database.AdvisoryLock;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On first start, the Flatcar application with its public channels and one group per channel and arch
 * whose track is the channel name, so stock Flatcar nodes find a group at once. No packages.
 */
@Component
class FlatcarSeed {

    private static final Logger log = LoggerFactory.getLogger(FlatcarSeed.class);
    private static final List<String> CHANNELS = List.of("stable", "beta", "alpha", "lts");

    private final ApplicationService applications;
    private final ChannelService channels;
    private final GroupService groups;
    private final JdbcClient jdbc;

    FlatcarSeed(ApplicationService applications, ChannelService channels, GroupService groups, JdbcClient jdbc) {
        this.applications = applications;
        this.channels = channels;
        this.groups = groups;
        this.jdbc = jdbc;
    }

    @Transactional
    public void seedIfEmpty() {
        AdvisoryLock.FLATCAR_SEED.lockUntilCommit(jdbc);
        if (!applications.applications().isEmpty()) {
            return;
        }
        var app = applications.createApplication(Application.FLATCAR_ID, "Flatcar Container Linux",
                "Flatcar Container Linux OS updates", null);
        for (var name : CHANNELS) {
            for (var arch : List.of(Arch.AMD64, Arch.ARM64)) {
                var channel = channels.createChannel(app, name, arch, null, "platte");
                var groupName = capitalize(name) + " (" + arch.wireName().toUpperCase(Locale.ROOT) + ")";
                groups.createGroup(app, new GroupSpec(groupName,
                        "Nodes with GROUP=" + name + " on " + arch.wireName(), name, channel.id(), null));
            }
        }
        log.info("Created the Flatcar application with channels and groups {} for amd64 and arm64", CHANNELS);
    }

    private static String capitalize(String value) {
        return Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }
}
