package dev.platte.admin.web;

import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The signed-in landing page: applications and what each group is set to serve. */
@Controller
class HomePageController {

    private static final String INDEX = "index";
    private static final String LOGIN = "login";

    private final CatalogService catalog;
    private final GroupService groups;
    private final ObjectProvider<ClientRegistrationRepository> oidcClients;

    HomePageController(CatalogService catalog, GroupService groups,
            ObjectProvider<ClientRegistrationRepository> oidcClients) {
        this.catalog = catalog;
        this.groups = groups;
        this.oidcClients = oidcClients;
    }

    record OidcLink(String name, String url) {}

    record GroupRow(String name, String track, String channel, String packageVersion, String state) {}

    record ApplicationCard(UUID id, String name, String productId, List<GroupRow> groups) {}

    @GetMapping("/login")
    String login(Model model) {
        var links = new ArrayList<OidcLink>();
        if (oidcClients.getIfAvailable() instanceof Iterable<?> registrations) {
            for (var registration : registrations) {
                var client = (ClientRegistration) registration;
                links.add(new OidcLink(client.getClientName(),
                        "/oauth2/authorization/" + client.getRegistrationId()));
            }
        }
        model.addAttribute("oidcLinks", links);
        return LOGIN;
    }

    @GetMapping("/")
    String index(Model model) {
        var cards = catalog.applications().stream().map(app -> {
            var reference = app.id().toString();
            Map<UUID, Channel> channels = catalog.channels(reference).stream()
                    .collect(Collectors.toMap(Channel::id, Function.identity()));
            Map<UUID, String> versions = catalog.packages(reference).stream()
                    .collect(Collectors.toMap(UpdatePackage::id, UpdatePackage::version));
            var rows = groups.groups(reference).stream()
                    .map(group -> row(group, channels.get(group.channelId()), versions))
                    .toList();
            return new ApplicationCard(app.id(), app.name(), app.productId(), rows);
        }).toList();
        model.addAttribute("applications", cards);
        return INDEX;
    }

    private static GroupRow row(UpdateGroup group, Channel channel, Map<UUID, String> versions) {
        var state = group.pausedAt() != null
                ? "paused: " + group.pausedReason()
                : group.policySettings().updatesEnabled() ? "updates enabled" : "updates disabled";
        return new GroupRow(group.name(), group.track(),
                channel == null ? "—" : channel.name() + " / " + channel.arch().wireName(),
                channel == null || channel.packageId() == null ? null : versions.get(channel.packageId()), state);
    }
}
