package dev.platte.admin.declarative;

import dev.platte.admin.declarative.ConfigService.Outcome;
import dev.platte.common.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Configuration as code: export, plan and apply documents (YAML by default, or JSON). */
@RestController
@Tag(name = "Configuration", description = "Configuration as code: export the catalog and rollout policy as a "
        + "document, plan a document's changes, apply them atomically.")
@RequestMapping("/api/v1/config")
class ConfigApiController {

    private static final String YAML = "application/yaml";

    private final ConfigService config;

    ConfigApiController(ConfigService config) {
        this.config = config;
    }

    @Operation(summary = "Export one application's configuration, or every application's",
            description = "YAML unless the Accept header prefers application/json. Ordered by natural keys, so the "
                    + "same state gives the same bytes; the ETag identifies that state as a plan would.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = YAML, schema = @Schema(implementation = ConfigDocument.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ConfigDocument.class))})
    @GetMapping
    ResponseEntity<byte[]> export(
            @Parameter(description = "an application's UUID or product id; absent for all") @RequestParam(required = false) String app,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        var document = config.export(app);
        var yaml = prefersYaml(accept);
        return ResponseEntity.ok()
                .contentType(yaml ? new MediaType("application", "yaml", StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
                .eTag(ConfigFormats.fingerprint(document))
                .body(ConfigFormats.write(document, yaml).getBytes(StandardCharsets.UTF_8));
    }

    @Operation(summary = "What applying the document would change",
            description = "Objects to create, update (field by field, old and new value) and, with prune, delete. "
                    + "Changes nothing. The planId (also the ETag) names the server state it was computed against.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = YAML, schema = @Schema(implementation = ConfigDocument.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ConfigDocument.class))})
    @PostMapping("/plan")
    ResponseEntity<Outcome> plan(
            @Parameter(description = "also delete packages, channels, floors and groups of the document's "
                    + "applications that it does not list") @RequestParam(defaultValue = "false") boolean prune,
            HttpServletRequest request) throws IOException {
        var outcome = config.plan(read(request), prune);
        return ResponseEntity.ok().eTag(outcome.planId()).body(outcome);
    }

    @Operation(summary = "Apply the document, all or nothing, as one audited change set",
            description = "Send the plan's ETag as If-Match and the apply is refused (409) if the server changed "
                    + "since the plan. Applying a document the server already matches changes nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = YAML, schema = @Schema(implementation = ConfigDocument.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ConfigDocument.class))})
    @PostMapping("/apply")
    ResponseEntity<Outcome> apply(
            @Parameter(description = "also delete what the document does not list (see plan)")
            @RequestParam(defaultValue = "false") boolean prune,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            HttpServletRequest request) throws IOException {
        var outcome = config.apply(read(request), prune, planId(ifMatch));
        return ResponseEntity.ok().eTag(outcome.resultingState()).body(outcome);
    }

    /** JSON when the body says so, else YAML (which reads JSON as well). */
    private static ConfigDocument read(HttpServletRequest request) throws IOException {
        var body = request.getInputStream().readNBytes(ConfigFormats.MAX_DOCUMENT_BYTES + 1);
        if (body.length > ConfigFormats.MAX_DOCUMENT_BYTES) {
            throw new InvalidInputException("body", "is larger than " + ConfigFormats.MAX_DOCUMENT_BYTES + " bytes");
        }
        MediaType type = null;
        try {
            type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Content-Type", "must be application/yaml or application/json");
        }
        var json = type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardSubtype();
        return ConfigFormats.read(body, !json);
    }

    private static boolean prefersYaml(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            var types = new java.util.ArrayList<>(MediaType.parseMediaTypes(accept));
            types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
            for (var type : types) {
                if (ConfigFormats.isYaml(type)) {
                    return true;
                }
                if (!type.isWildcardSubtype() && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                    return false;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Accept", "must be application/yaml or application/json");
        }
        return true;
    }

    /** The plan id an If-Match header names; {@code null} when absent or {@code *}. */
    private static String planId(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        var value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.replace("\"", "");
    }
}
