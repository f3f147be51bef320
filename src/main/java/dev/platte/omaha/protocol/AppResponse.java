package dev.platte.omaha.protocol;

/**
 * One {@code <app>} of a response.
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
        // An update offer inside a failed app would contradict itself (go-omaha checks app status first).
        if (status != AppStatus.OK && updateCheck != null && updateCheck.status() == UpdateCheckStatus.OK) {
            throw new IllegalArgumentException("an app with status " + status + " cannot offer an update");
        }
    }
}
