package dev.platte.payload;

import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Serves stored payloads to nodes: GET and HEAD, byte ranges (update_engine resumes downloads), and
 * and an ETag (stored files never change under one name). An application that requires credentials
 * gets 401 with a Basic challenge first: libcurl (update_engine asks for any auth method) only sends the
 * credentials once challenged.
 */
@RestController
class PayloadController {

    static final String CHALLENGE = "Basic realm=\"platte-payloads\", charset=\"UTF-8\"";

    private final PayloadStore store;
    private final PayloadAccessService access;
    private final Counter refused;

    PayloadController(PayloadStore store, PayloadAccessService access, MeterRegistry meters) {
        this.store = store;
        this.access = access;
        this.refused = Counter.builder("platte.payloads.refused")
                .description("Payload downloads refused for missing or invalid credentials")
                .register(meters);
    }

    @RequestMapping(path = "/payloads/{packageId}/{fileName}", method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<Resource> payload(@PathVariable UUID packageId, @PathVariable String fileName,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            WebRequest request) {
        if (!access.admits(packageId, authorization)) {
            refused.increment();
            return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
        }
        var path = store.find(packageId, fileName);
        if (path.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        var file = path.get().toFile();
        // Files are immutable once stored; size and modification time identify the content cheaply.
        var etag = "\"" + file.length() + "-" + file.lastModified() + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(304).eTag(etag).build();
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.empty().noTransform())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(file));
    }
}
