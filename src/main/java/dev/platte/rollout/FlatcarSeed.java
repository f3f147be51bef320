package dev.platte.rollout;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.ChannelService;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
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
    /** Serialises replicas that start together against one empty database. */
    private static final long LOCK_KEY = 0x706c6174_74650002L;

    private final ApplicationService applications;
    private final ChannelService channels;
    private final GroupService groups;
    private final JdbcTemplate jdbc;

    FlatcarSeed(ApplicationService applications, ChannelService channels, GroupService groups, JdbcTemplate jdbc) {
        this.applications = applications;
        this.channels = channels;
        this.groups = groups;
        this.jdbc = jdbc;
    }

    @Transactional
    public void seedIfEmpty() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", LOCK_KEY);
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
