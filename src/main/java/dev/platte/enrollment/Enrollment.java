package dev.platte.enrollment;

/**
 * What a node needs to join a group, in the three forms a provisioning pipeline may want, and the FleetLock
 * settings for clients that coordinate reboots through Platte.
 *
 * @param updateConf the lines of {@code /etc/flatcar/update.conf}
 * @param butane a Butane config ({@code variant: flatcar}) that writes that file
 * @param ignition the Ignition config the Butane config compiles to
 * @param ignitionVersion its spec version
 */
public record Enrollment(String server, String group, String machineAlias, String updateConf, String butane,
        String ignition, String ignitionVersion, FleetLock fleetLock) {

    /**
     * @param baseUrl the FleetLock base URL (Zincati's {@code base_url}; it ends with a slash, as Zincati joins
     *     {@code v1/pre-reboot} to it)
     * @param rebootGroup the reboot group tied to this group (its track), or {@code null} when the track is not
     *     a valid FleetLock group name
     * @param zincatiConfig a Zincati drop-in ({@code /etc/zincati/config.d/55-updates-strategy.toml})
     */
    public record FleetLock(String baseUrl, String rebootGroup, String zincatiConfig) {}
}
