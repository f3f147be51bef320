package dev.platte.support;

/**
 * Requests in the exact shape Flatcar's update_engine sends them (omaha-protocol.md §2.1), for one
 * machine. Attribute values here need no escaping.
 */
public record OmahaRequests(String appId, String machineId, String track, String board) {

    public static OmahaRequests flatcarNode(String appId, String machineId, String track) {
        return new OmahaRequests(appId, machineId, track, "amd64-usr");
    }

    /** A periodic update check; {@code previousVersion} is "" on most checks, the old version after a reboot. */
    public String check(String version, String previousVersion) {
        return wrap(version, """
                        <ping active="1"></ping>
                        <updatecheck></updatecheck>
                        <event eventtype="3" eventresult="2" previousversion="%s"></event>
                """.formatted(previousVersion));
    }

    public String ping(String version) {
        return wrap(version, "        <ping active=\"1\"></ping>\n");
    }

    public String event(String version, int type, int result) {
        return wrap(version, "        <event eventtype=\"%d\" eventresult=\"%d\"></event>\n".formatted(type, result));
    }

    /** An event carrying {@code previousversion}, which Platte stores as sent (tests use it as a marker). */
    public String event(String version, int type, int result, String previousVersion) {
        return wrap(version, "        <event eventtype=\"%d\" eventresult=\"%d\" previousversion=\"%s\"></event>\n"
                .formatted(type, result, previousVersion));
    }

    public String errorEvent(String version, long errorCode) {
        return wrap(version, "        <event eventtype=\"3\" eventresult=\"0\" errorcode=\"%d\"></event>\n"
                .formatted(errorCode));
    }

    /**
     * A granted update that began downloading and then failed, in one request: only such a failure counts
     * against a rollout (an error from a node that never began is kept as an event only).
     */
    public String failedUpdate(String version, long errorCode) {
        return wrap(version, """
                        <event eventtype="13" eventresult="1"></event>
                        <event eventtype="3" eventresult="0" errorcode="%d"></event>
                """.formatted(errorCode));
    }

    private String wrap(String version, String children) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">
                    <os version="Chateau" platform="CoreOS" sp="%s_x86_64"></os>
                    <app appid="%s" version="%s" track="%s" bootid="{88eec183-f363-45ca-ada4-ae83be64a74e}" oem="ami" oemversion="0.1.1-r1" alephversion="1688.5.3" machineid="%s" machinealias="" lang="en-US" board="%s" hardware_class="" delta_okay="false" >
                %s    </app>
                </request>
                """.formatted(version, appId, version, track, machineId, board, children);
    }
}
