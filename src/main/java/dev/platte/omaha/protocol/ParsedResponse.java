package dev.platte.omaha.protocol;

import java.util.List;

/**
 * A decoded Omaha v3 {@code <response>} from an upstream server, as a syncer reads it. Attributes absent
 * from the XML are {@code null}; present but empty ones are {@code ""}.
 *
 * @param protocol {@code response/@protocol}, always "3.0" after a successful decode
 * @param server   {@code response/@server}, e.g. "nebraska"; {@code null} if absent
 * @param apps     every {@code <app>} child of the response, in document order; never {@code null}
 */
public record ParsedResponse(String protocol, String server, List<ParsedApp> apps) {

    public ParsedResponse {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }
}
