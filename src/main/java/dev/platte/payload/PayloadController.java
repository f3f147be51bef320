package dev.platte.payload;

import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Serves stored payloads to nodes: GET and HEAD, byte ranges (update_engine resumes downloads), and
 * and an ETag (stored files never change under one name).
 */
@RestController
class PayloadController {

    private final PayloadStore store;

    PayloadController(PayloadStore store) {
        this.store = store;
    }

    @RequestMapping(path = "/payloads/{packageId}/{fileName}", method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<Resource> payload(@PathVariable UUID packageId, @PathVariable String fileName, WebRequest request) {
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
