package dev.platte.omaha.protocol;

import java.util.List;

/**
 * One {@code <app>} of a request. Attributes absent from the XML are {@code null}.
 *
 * @param multiManifestOk {@code true} only if {@code multi_manifest_ok} is exactly "true" (Nebraska syncers)
 * @param ping            a {@code <ping>} child is present
 * @param updateCheck     an {@code <updatecheck>} child is present
 * @param events          every {@code <event>} child, in document order; never {@code null}
 * @param targetVersionPrefix {@code updatecheck/@targetversionprefix} when not blank: a syncer asking for one
 *                        specific release rather than the channel's current one; otherwise {@code null}
 */
public record AppRequest(String appId, String version, String track, String bootId, String machineId,
                         String machineAlias, String oem, String oemVersion, String alephVersion, String board,
                         boolean multiManifestOk, boolean ping, boolean updateCheck,
                         List<EventRequest> events, String targetVersionPrefix) {

    public AppRequest {
        events = events == null ? List.of() : List.copyOf(events);
        targetVersionPrefix = targetVersionPrefix == null || targetVersionPrefix.isBlank() ? null : targetVersionPrefix;
    }

    public AppRequest(String appId, String version, String track, String bootId, String machineId,
                      String machineAlias, String oem, String oemVersion, String alephVersion, String board,
                      boolean multiManifestOk, boolean ping, boolean updateCheck, List<EventRequest> events) {
        this(appId, version, track, bootId, machineId, machineAlias, oem, oemVersion, alephVersion, board,
                multiManifestOk, ping, updateCheck, events, null);
    }
}
