package dev.platte.omaha.protocol;

import java.util.List;

/**
 * A decoded Omaha v3 {@code <request>}. Attributes absent from the XML are {@code null};
 * present but empty ones are {@code ""}.
 *
 * @param protocol       {@code request/@protocol}, always "3.0" after a successful decode
 * @param version        {@code request/@version}, e.g. "update_engine-0.4.10"
 * @param updaterVersion {@code request/@updaterversion}
 * @param installSource  {@code request/@installsource}: "scheduler" or "ondemandupdate"
 * @param os             the first {@code <os>} element, or {@code null} if there is none
 * @param apps           every {@code <app>} child of the request, in document order
 */
public record OmahaRequest(String protocol, String version, String updaterVersion, String installSource,
                           OsInfo os, List<AppRequest> apps) {

    public OmahaRequest {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }
}
