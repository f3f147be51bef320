package dev.platte.omaha.protocol;

/**
 * One {@code <app>} of a decoded response. Its {@code <ping>} and {@code <event>} acknowledgements are not kept.
 *
 * @param appId       {@code app/@appid} verbatim (braces and case as the server wrote them); {@code null} if absent
 * @param status      {@code app/@status} verbatim, e.g. "ok" or "error-unknownApplication"; {@code null} if absent
 * @param updateCheck the first {@code <updatecheck>} child, or {@code null} when there is none
 */
public record ParsedApp(String appId, String status, ParsedUpdateCheck updateCheck) {
}
