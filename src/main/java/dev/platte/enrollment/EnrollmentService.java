package dev.platte.enrollment;

import dev.platte.catalog.Application;
import dev.platte.common.InvalidInputException;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.omaha.OmahaProperties;
import dev.platte.payload.PayloadAccessService;
import dev.platte.payload.PayloadCredential;
import dev.platte.rollout.GroupService;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Builds a group's enrollment: update.conf, its Butane and Ignition forms, and the FleetLock settings. */
@Service
public class EnrollmentService {

    public static final String UPDATE_CONF_PATH = "/etc/flatcar/update.conf";
    /** 0644. */
    public static final int UPDATE_CONF_MODE = 0644;
    /** Written where the download credential's secret goes: Platte keeps only its hash. */
    public static final String DOWNLOAD_PASSWORD_PLACEHOLDER = "<the secret shown when the credential was created>";
    static final String DOWNLOAD_USER_PLACEHOLDER = "<a payload credential's name>";
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._@:+-]{1,100}");

    private final GroupService groups;
    private final OmahaProperties omaha;
    private final PublicUrlProperties publicUrl;
    private final PayloadAccessService payloadAccess;

    EnrollmentService(GroupService groups, OmahaProperties omaha, PublicUrlProperties publicUrl,
            PayloadAccessService payloadAccess) {
        this.groups = groups;
        this.payloadAccess = payloadAccess;
        this.omaha = omaha;
        this.publicUrl = publicUrl;
    }

    /**
     * @param requestBaseUrl where this request reached Platte, used when {@code platte.public-url} is unset
     * @param machineAlias optional {@code MACHINE_ALIAS} line
     */
    public Enrollment enrollment(Application application, UUID groupId, String machineAlias, String requestBaseUrl) {
        var group = groups.group(application, groupId);
        var track = group.track();
        if (track.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("track", "the group's track cannot be written into update.conf");
        }
        var alias = machineAlias == null || machineAlias.isBlank() ? null : machineAlias.strip();
        if (alias != null && !ALIAS.matcher(alias).matches()) {
            throw new InvalidInputException("machineAlias", "must be 1 to 100 letters, digits or . _ @ : + -");
        }
        var base = base(requestBaseUrl);
        var secretPath = omaha.requiresSecret() ? omaha.pathSecret() + "/" : "";
        var server = base + "/v1/update/" + secretPath;
        var conf = new StringBuilder().append("SERVER=").append(server).append('\n').append("GROUP=").append(track).append('\n');
        if (alias != null) {
            conf.append("MACHINE_ALIAS=").append(alias).append('\n');
        }
        if (payloadAccess.requiresCredentials(group.applicationId())) {
            // Only the secret's hash is stored: the admin puts in the secret shown when the credential was made.
            var user = payloadAccess.credentials(group.applicationId()).stream().filter(PayloadCredential::live)
                    .map(PayloadCredential::name).findFirst().orElse(DOWNLOAD_USER_PLACEHOLDER);
            conf.append("DOWNLOAD_USER=").append(user).append('\n')
                    .append("DOWNLOAD_PASSWORD=").append(DOWNLOAD_PASSWORD_PLACEHOLDER).append('\n');
        }
        var updateConf = conf.toString();
        var fleetLockBase = base + "/fleetlock/" + secretPath;
        var rebootGroup = RebootGroups.isValidName(track) ? track : null;
        return new Enrollment(server, track, alias, updateConf,
                IgnitionFiles.butane(UPDATE_CONF_PATH, UPDATE_CONF_MODE, updateConf),
                IgnitionFiles.config(UPDATE_CONF_PATH, UPDATE_CONF_MODE, updateConf), IgnitionFiles.IGNITION_VERSION,
                new Enrollment.FleetLock(fleetLockBase, rebootGroup, zincati(fleetLockBase, rebootGroup)));
    }

    private String base(String requestBaseUrl) {
        var configured = publicUrl.publicUrl();
        var base = configured == null || configured.isBlank() ? requestBaseUrl : configured.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    private static String zincati(String baseUrl, String rebootGroup) {
        var toml = new StringBuilder();
        if (rebootGroup != null) {
            toml.append("[identity]\ngroup = \"").append(rebootGroup).append("\"\n\n");
        }
        return toml.append("[updates]\nstrategy = \"fleet_lock\"\n\n[updates.fleet_lock]\nbase_url = \"")
                .append(baseUrl).append("\"\n").toString();
    }
}
