package dev.platte.omaha.protocol;

import java.util.List;

/**
 * One {@code <app>} of a request. Attributes absent from the XML are {@code null}.
 *
 * @param multiManifestOk {@code true} only if {@code multi_manifest_ok} is exactly "true" (Nebraska syncers)
 * @param ping            a {@code <ping>} child is present
 * @param updateCheck     an {@code <updatecheck>} child is present
 * @param events          every {@code <event>} child, in document order; never {@code null}
 */
public record AppRequest(String appId, String version, String track, String bootId, String machineId,
                         String machineAlias, String oem, String oemVersion, String alephVersion, String board,
                         boolean multiManifestOk, boolean ping, boolean updateCheck,
                         List<EventRequest> events) {

    public AppRequest {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
