package dev.platte.omaha.protocol;

/**
 * One {@code <app>} of a response. An app whose status is not {@code ok} has no children: its ping and
 * events were not recorded and there is no update check to answer (v3 spec: {@code ping}/{@code event}
 * {@code status="ok"} means "recognized"; go-omaha's server writes a failed app the same way). Clients
 * treat the missing {@code <updatecheck>} like any other failed check: update_engine as its error 34
 * (OmahaResponseInvalid, {@code /response/app/updatecheck} not found), go-omaha's client returns the app
 * status before it looks at any child.
 *
 * @param appId       echoed exactly as the client sent it; {@code null} is written as {@code appid=""}
 * @param status      {@code app/@status}
 * @param ping        answer the request's {@code <ping>} with {@code <ping status="ok">}
 * @param updateCheck the {@code <updatecheck>} answer, or {@code null} to write none
 * @param eventCount  number of {@code <event status="ok">} acknowledgements (one per request event)
 */
public record AppResponse(String appId, AppStatus status, boolean ping, UpdateCheckResponse updateCheck,
                          int eventCount) {

    public AppResponse {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (eventCount < 0) {
            throw new IllegalArgumentException("eventCount must not be negative");
        }
        if (status != AppStatus.OK && (ping || updateCheck != null || eventCount > 0)) {
            throw new IllegalArgumentException("an app with status " + status.wireValue() + " has no children");
        }
    }

    /** A failed app: its status and nothing else. */
    public static AppResponse failed(String appId, AppStatus status) {
        if (status == null || status == AppStatus.OK) {
            throw new IllegalArgumentException("a failed app needs an error status");
        }
        return new AppResponse(appId, status, false, null, 0);
    }
}
