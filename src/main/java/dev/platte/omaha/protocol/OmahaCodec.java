package dev.platte.omaha.protocol;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes Omaha v3 requests and encodes responses, as spoken by Flatcar's update_engine, ue-rs and
 * go-omaha (see omaha-protocol.md). Pure JDK; stateless and thread-safe.
 */
public final class OmahaCodec {

    /** Same cap as Nebraska; update_engine requests are below 1 KiB. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    // Configured once, never modified afterwards: the JDK factory then hands out independent readers.
    // newDefaultFactory() pins the JDK implementation whose hostile-input behaviour the tests verify.
    private static final XMLInputFactory INPUT_FACTORY = createInputFactory();

    private static XMLInputFactory createInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed");
        });
        return factory;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes a request body (UTF-8, optional BOM, at most {@link #MAX_REQUEST_BYTES}). Unknown elements,
     * attributes and text are ignored; anything that is not a well-formed Omaha 3.0 {@code <request>}
     * without a DOCTYPE is rejected.
     *
     * @throws MalformedOmahaRequestException the only exception this method throws, for any bad input
     */
    public OmahaRequest decode(byte[] body) throws MalformedOmahaRequestException {
        if (body == null || body.length == 0) {
            throw new MalformedOmahaRequestException("empty request body");
        }
        if (body.length > MAX_REQUEST_BYTES) {
            throw new MalformedOmahaRequestException("request body exceeds " + MAX_REQUEST_BYTES + " bytes");
        }
        String xml = decodeUtf8(body);
        XMLStreamReader reader = null;
        try {
            reader = INPUT_FACTORY.createXMLStreamReader(new StringReader(xml));
            String declared = reader.getCharacterEncodingScheme();
            if (declared != null && !isUtf8(declared)) {
                throw new MalformedOmahaRequestException("only UTF-8 is accepted, not encoding " + abbreviate(declared));
            }
            return readDocument(reader);
        } catch (XMLStreamException e) {
            throw new MalformedOmahaRequestException("not well-formed XML" + position(e.getLocation()), e);
        } catch (RuntimeException e) {
            // The parser must never turn hostile input into a 5xx.
            throw new MalformedOmahaRequestException("not well-formed XML", e);
        } finally {
            close(reader);
        }
    }

    /**
     * Decodes strictly ourselves so that the parser only ever sees characters: no encoding sniffing
     * (UTF-16, EBCDIC) and a clear reason instead of the JDK byte reader's stderr noise.
     */
    private static String decodeUtf8(byte[] body) throws MalformedOmahaRequestException {
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedOmahaRequestException("request body is not valid UTF-8", e);
        }
    }

    private static OmahaRequest readDocument(XMLStreamReader reader)
            throws XMLStreamException, MalformedOmahaRequestException {
        OmahaRequest request = null;
        while (reader.hasNext()) {
            int event = next(reader);
            if (event == XMLStreamConstants.START_ELEMENT) {
                // The JDK already rejects a second root, but do not rely on it.
                if (request != null) {
                    throw new MalformedOmahaRequestException("content after the root element");
                }
                request = readRequest(reader);
            } else if (event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                throw new MalformedOmahaRequestException("text outside the root element");
            }
        }
        if (request == null) {
            throw new MalformedOmahaRequestException("no root element");
        }
        return request;
    }

    private static OmahaRequest readRequest(XMLStreamReader reader)
            throws XMLStreamException, MalformedOmahaRequestException {
        if (!"request".equals(reader.getLocalName())) {
            throw new MalformedOmahaRequestException("root element must be <request>");
        }
        String protocol = attribute(reader, "protocol");
        if (!"3.0".equals(protocol)) {
            throw new MalformedOmahaRequestException(
                    "unsupported protocol " + (protocol == null ? "(missing)" : abbreviate(protocol)) + ", expected 3.0");
        }
        String version = attribute(reader, "version");
        String updaterVersion = attribute(reader, "updaterversion");
        String installSource = attribute(reader, "installsource");
        OsInfo os = null;
        List<AppRequest> apps = new ArrayList<>();
        while (nextChild(reader)) {
            switch (reader.getLocalName()) {
                case "os" -> {
                    OsInfo parsed = new OsInfo(attribute(reader, "platform"), attribute(reader, "version"),
                            attribute(reader, "sp"), attribute(reader, "arch"));
                    if (os == null) {
                        os = parsed;
                    }
                    skipElement(reader);
                }
                case "app" -> apps.add(readApp(reader));
                default -> skipElement(reader);
            }
        }
        return new OmahaRequest(protocol, version, updaterVersion, installSource, os, apps);
    }

    private static AppRequest readApp(XMLStreamReader reader) throws XMLStreamException, MalformedOmahaRequestException {
        String appId = attribute(reader, "appid");
        String version = attribute(reader, "version");
        String track = attribute(reader, "track");
        String bootId = attribute(reader, "bootid");
        String machineId = attribute(reader, "machineid");
        String machineAlias = attribute(reader, "machinealias");
        String oem = attribute(reader, "oem");
        String oemVersion = attribute(reader, "oemversion");
        String alephVersion = attribute(reader, "alephversion");
        String board = attribute(reader, "board");
        boolean multiManifestOk = "true".equals(attribute(reader, "multi_manifest_ok"));
        boolean ping = false;
        boolean updateCheck = false;
        List<EventRequest> events = new ArrayList<>();
        while (nextChild(reader)) {
            switch (reader.getLocalName()) {
                case "ping" -> ping = true;
                case "updatecheck" -> updateCheck = true;
                case "event" -> events.add(new EventRequest(
                        parseInteger(attribute(reader, "eventtype")),
                        parseInteger(attribute(reader, "eventresult")),
                        parseLong(attribute(reader, "errorcode")),
                        attribute(reader, "previousversion")));
                default -> { }
            }
            skipElement(reader);
        }
        return new AppRequest(appId, version, track, bootId, machineId, machineAlias, oem, oemVersion,
                alephVersion, board, multiManifestOk, ping, updateCheck, events);
    }

    /**
     * Advances to the next child element of the current element. Returns {@code true} positioned on the
     * child's START_ELEMENT, or {@code false} positioned on the current element's END_ELEMENT.
     */
    private static boolean nextChild(XMLStreamReader reader) throws XMLStreamException, MalformedOmahaRequestException {
        while (true) {
            switch (next(reader)) {
                case XMLStreamConstants.START_ELEMENT -> {
                    return true;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return false;
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new MalformedOmahaRequestException("truncated XML");
                default -> { } // text, comments, processing instructions are ignored
            }
        }
    }

    /** Skips the rest of the current element, including its subtree (iteratively: no stack overflow). */
    private static void skipElement(XMLStreamReader reader) throws XMLStreamException, MalformedOmahaRequestException {
        int depth = 1;
        while (depth > 0) {
            switch (next(reader)) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.END_DOCUMENT -> throw new MalformedOmahaRequestException("truncated XML");
                default -> { }
            }
        }
    }

    private static int next(XMLStreamReader reader) throws XMLStreamException, MalformedOmahaRequestException {
        if (!reader.hasNext()) {
            throw new MalformedOmahaRequestException("truncated XML");
        }
        int event = reader.next();
        // Refuse any DTD outright. With SUPPORT_DTD off the JDK would otherwise accept the document and
        // merely leave the entities declared in it unexpanded, which we would then silently misread.
        if (event == XMLStreamConstants.DTD) {
            throw new MalformedOmahaRequestException("DOCTYPE is not allowed");
        }
        return event;
    }

    /** The value of the attribute with the given local name, entity-decoded; {@code null} if absent. */
    private static String attribute(XMLStreamReader reader, String localName) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (localName.equals(reader.getAttributeLocalName(i))) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    private static Integer parseInteger(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isUtf8(String encoding) {
        try {
            return Charset.forName(encoding).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String position(Location location) {
        return location == null || location.getLineNumber() < 0 ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    /** Keeps client-supplied text in messages short and printable. */
    private static String abbreviate(String value) {
        String printable = value.codePoints()
                .map(c -> c < 0x20 || c == 0x7F ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return "\"" + (printable.length() > 32 ? printable.substring(0, 32) + "..." : printable) + "\"";
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing to release: the input is an in-memory string
            }
        }
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Writes the response in the shape of omaha-protocol.md §3.3, which update_engine, ue-rs and
     * go-omaha all accept. Deterministic: same response, same bytes. No trailing newline.
     */
    public byte[] encode(OmahaResponse response) {
        StringBuilder xml = new StringBuilder(1024).append(XML_DECLARATION);
        xml.append("<response protocol=\"3.0\" server=\"");
        escape(xml, response.server()).append("\">");
        xml.append("<daystart elapsed_seconds=\"").append(response.dayStartElapsedSeconds()).append("\"></daystart>");
        for (AppResponse app : response.apps()) {
            writeApp(xml, app);
        }
        xml.append("</response>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeApp(StringBuilder xml, AppResponse app) {
        xml.append("<app appid=\"");
        escape(xml, app.appId() == null ? "" : app.appId());
        xml.append("\" status=\"").append(app.status().wireValue()).append("\">");
        if (app.ping()) {
            xml.append("<ping status=\"ok\"></ping>");
        }
        if (app.updateCheck() != null) {
            writeUpdateCheck(xml, app.updateCheck());
        }
        for (int i = 0; i < app.eventCount(); i++) {
            xml.append("<event status=\"ok\"></event>");
        }
        xml.append("</app>");
    }

    private static void writeUpdateCheck(StringBuilder xml, UpdateCheckResponse check) {
        xml.append("<updatecheck status=\"").append(check.status().wireValue()).append('"');
        if (check.pollIntervalSeconds() != null) {
            xml.append(" PollInterval=\"").append(check.pollIntervalSeconds().intValue()).append('"');
        }
        xml.append('>');
        List<Manifest> manifests = check.manifests();
        if (!manifests.isEmpty()) {
            // One <urls> for all manifests, as Nebraska writes it: the target's codebase.
            xml.append("<urls><url codebase=\"");
            escape(xml, manifests.getLast().codebase()).append("\"></url></urls>");
            for (Manifest manifest : manifests) {
                writeManifest(xml, manifest);
            }
        }
        xml.append("</updatecheck>");
    }

    private static void writeManifest(StringBuilder xml, Manifest manifest) {
        xml.append("<manifest version=\"");
        escape(xml, manifest.version()).append('"');
        ManifestRole role = manifest.role();
        if (role != null) {
            // Nebraska's multi-step extension attributes, read only by downstream syncers.
            if (role.isFloor()) {
                xml.append(" is_floor=\"true\"");
                if (role.floorReason() != null && !role.floorReason().isEmpty()) {
                    xml.append(" floor_reason=\"");
                    escape(xml, role.floorReason()).append('"');
                }
            }
            if (role.isTarget()) {
                xml.append(" is_target=\"true\"");
            }
        }
        xml.append("><packages>");
        for (PackageFile file : manifest.packages()) {
            xml.append("<package name=\"");
            escape(xml, file.name()).append("\" hash=\"");
            escape(xml, file.sha1Base64()).append('"');
            if (file.sha256Hex() != null) {
                xml.append(" hash_sha256=\"").append(file.sha256Hex()).append('"');
            }
            // Plain decimal: update_engine's sscanf would read a leading 0 as octal.
            xml.append(" size=\"").append(file.size())
                    .append("\" required=\"").append(file.required()).append("\"></package>");
        }
        xml.append("</packages><actions><action event=\"postinstall\" sha256=\"");
        escape(xml, manifest.action().sha256Base64())
                .append("\" DisablePayloadBackoff=\"true\"></action></actions></manifest>");
    }

    /**
     * Escapes an attribute value. Tab, LF and CR become character references so that attribute-value
     * normalization does not turn them into spaces; characters XML 1.0 cannot carry at all (other C0
     * controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD rather than producing unparsable output.
     */
    private static StringBuilder escape(StringBuilder xml, String value) {
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\t' -> xml.append("&#x9;");
                case '\n' -> xml.append("&#xA;");
                case '\r' -> xml.append("&#xD;");
                default -> {
                    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) {
                        xml.append('\uFFFD');
                    } else if (c >= 0x7F && c <= 0x9F) {
                        // Legal but invisible control characters: keep them, but visibly as references.
                        xml.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
                    } else {
                        xml.appendCodePoint(c);
                    }
                }
            }
        });
        return xml;
    }
}
