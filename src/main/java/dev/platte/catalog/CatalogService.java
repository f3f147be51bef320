package dev.platte.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog as other modules read it (the Omaha endpoint, the serving snapshot, sync, metrics, payloads):
 * lookups by id or Omaha app id, every channel, a revocation, a channel's update path. Changes, and what the
 * admin surface asks of one application, go to the service of the aggregate: {@link ApplicationService},
 * {@link PackageService}, {@link ChannelService}.
 */
@Service
@Transactional(readOnly = true)
public class CatalogService {

    private final ApplicationService applications;
    private final PackageService packages;
    private final ChannelService channels;

    CatalogService(ApplicationService applications, PackageService packages, ChannelService channels) {
        this.applications = applications;
        this.packages = packages;
        this.channels = channels;
    }

    public List<Application> applications() {
        return applications.applications();
    }

    /** @see ApplicationService#findApplication(String) */
    public Optional<Application> findApplication(String reference) {
        return applications.findApplication(reference);
    }

    /** @see ApplicationService#parseAppId(String) */
    public static Optional<UUID> parseAppId(String appId) {
        return ApplicationService.parseAppId(appId);
    }

    /** @see ApplicationService#isProductId(String) */
    public static boolean isProductId(String value) {
        return ApplicationService.isProductId(value);
    }

    /** The packages of the application {@code applicationReference} names, newest first. */
    public List<UpdatePackage> packages(String applicationReference) {
        return packages.packages(applications.application(applicationReference));
    }

    public Optional<UpdatePackage> findPackage(UUID packageId) {
        return packages.findPackage(packageId);
    }

    /** @see PackageService#findPackage(UUID, String, Arch) */
    public Optional<UpdatePackage> findPackage(UUID applicationId, String version, Arch arch) {
        return packages.findPackage(applicationId, version, arch);
    }

    public List<UpdatePackage> findPackages(Collection<UUID> packageIds) {
        return packages.findPackages(packageIds);
    }

    /** Which of {@code packageIds} are packages (of any application). */
    public Set<UUID> existingPackageIds(Collection<UUID> packageIds) {
        return packages.existingPackageIds(packageIds);
    }

    public Optional<Channel> findChannel(UUID channelId) {
        return channels.findChannel(channelId);
    }

    /** Every channel of every application (the hot path keeps them in memory). */
    public List<Channel> allChannels() {
        return channels.allChannels();
    }

    public boolean isRevoked(UUID packageId, UUID channelId) {
        return packages.isRevoked(packageId, channelId);
    }

    /** @see ChannelService#updatePath(Channel, UpdatePackage, String) */
    public UpdatePath updatePath(Channel channel, UpdatePackage target, String fromVersion) {
        return channels.updatePath(channel, target, fromVersion);
    }
}
