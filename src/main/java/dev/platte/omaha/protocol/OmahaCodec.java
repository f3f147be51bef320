package dev.platte.omaha.protocol;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.CharArrayReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.io.Stax2ByteArraySource;

/**
 * Decodes Omaha v3 requests and encodes responses, as spoken by Flatcar's update_engine, ue-rs and
 * go-omaha (see omaha-protocol.md). For the syncer, which is itself a client of an upstream server, it
 * also encodes requests and decodes responses. Pure JDK; stateless and thread-safe.
 */
public final class OmahaCodec {

    /** Same cap as Nebraska; update_engine requests are below 1 KiB. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Same cap as go-omaha's client; even a multi-manifest answer with several floors is a few KiB. */
    public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    /** update_engine sends one {@code <app>}; a request with more than this is refused whole (400). */
    public static final int MAX_APPS_PER_REQUEST = 8;

    /** update_engine sends at most two events with a check; an app with more refuses the request (400). */
    public static final int MAX_EVENTS_PER_APP = 8;

    /**
     * Longest attribute value a request may carry. Real values (ids, versions, tracks, boards) are well
     * below 100 characters; informational ones are stored cut to 256, anything longer is refused (400).
     */
    public static final int MAX_ATTRIBUTE_CHARS = 512;

    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    // Configured once, never modified afterwards: the factory then hands out independent readers. Aalto rather
    // than the JDK's parser: on update_engine's check it takes a fraction of the CPU and allocates a few
    // KiB instead of about 24 KiB per request (dev.platte.bench.CodecCost). It has no DTD processing at all:
    // a DOCTYPE is only reported, and next() refuses it before anything in it is used.
    private static final XMLInputFactory INPUT_FACTORY = createInputFactory();

    private static XMLInputFactory createInputFactory() {
        XMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
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
        try {
            return parse(body, "request", MAX_REQUEST_BYTES, OmahaCodec::readRequest);
        } catch (Rejected e) {
            throw new MalformedOmahaRequestException(e.getMessage(), e.getCause());
        }
    }

    /**
     * Decodes the response of an upstream Omaha server (the public Flatcar server, Nebraska, another Platte)
     * with the same hardening as {@link #decode(byte[])}: UTF-8 only (optional BOM), at most
     * {@link #MAX_RESPONSE_BYTES}, no DOCTYPE or entities, exactly one root, which must be a
     * {@code <response protocol="3.0">}. Unknown elements, attributes and text are ignored, and so are
     * known elements in places they do not belong (only {@code response/app/updatecheck/manifest} is a
     * manifest). Nothing is validated beyond that: whether an offer is usable is the caller's decision.
     *
     * @throws MalformedOmahaResponseException the only exception this method throws, for any bad input
     */
    public ParsedResponse decodeResponse(byte[] body) throws MalformedOmahaResponseException {
        try {
            return parse(body, "response", MAX_RESPONSE_BYTES, OmahaCodec::readResponse);
        } catch (Rejected e) {
            throw new MalformedOmahaResponseException(e.getMessage(), e.getCause());
        }
    }

    /** Why a body was refused; converted into the public exception of the direction being decoded. */
    private static final class Rejected extends Exception {

        Rejected(String reason) {
            this(reason, null);
        }

        Rejected(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /** Reads the root element, positioned on its START_ELEMENT, up to and including its END_ELEMENT. */
    @FunctionalInterface
    private interface RootReader<T> {
        T read(XMLStreamReader reader) throws XMLStreamException, Rejected;
    }

    /** The hardened pipeline shared by requests and responses; {@code kind} names the body in reasons. */
    private static <T> T parse(byte[] body, String kind, int maxBytes, RootReader<T> rootReader) throws Rejected {
        if (body == null || body.length == 0) {
            throw new Rejected("empty " + kind + " body");
        }
        if (body.length > maxBytes) {
            throw new Rejected(kind + " body exceeds " + maxBytes + " bytes");
        }
        XMLStreamReader reader = null;
        try {
            reader = isAscii(body)
                    // Read in place: an ASCII body (what update_engine sends) is valid UTF-8 as it is, and the
                    // parser's own buffers for a Reader are not reused across virtual threads.
                    ? INPUT_FACTORY.createXMLStreamReader(new Stax2ByteArraySource(body, 0, body.length))
                    : INPUT_FACTORY.createXMLStreamReader(decodeUtf8(body, kind));
            String declared = reader.getCharacterEncodingScheme();
            if (declared != null && !isUtf8(declared)) {
                throw new Rejected("only UTF-8 is accepted, not encoding " + abbreviate(declared));
            }
            return readDocument(reader, rootReader);
        } catch (XMLStreamException e) {
            throw new Rejected("not well-formed XML" + position(e.getLocation()), e);
        } catch (RuntimeException e) {
            // The parser must never turn hostile input into a 5xx.
            throw new Rejected("not well-formed XML", e);
        } finally {
            close(reader);
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes strictly ourselves so that the parser only ever sees characters: no encoding sniffing
     * (UTF-16, EBCDIC) and a clear reason instead of the JDK byte reader's stderr noise.
     */
    private static Reader decodeUtf8(byte[] body, String kind) throws Rejected {
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start));
            // Read in place: no String copy of the body.
            return new CharArrayReader(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        } catch (CharacterCodingException e) {
            throw new Rejected(kind + " body is not valid UTF-8", e);
        }
    }

    private static <T> T readDocument(XMLStreamReader reader, RootReader<T> rootReader)
            throws XMLStreamException, Rejected {
        T root = null;
        boolean seenRoot = false;
        while (reader.hasNext()) {
            int event = next(reader);
            if (event == XMLStreamConstants.START_ELEMENT) {
                // The JDK already rejects a second root, but do not rely on it.
                if (seenRoot) {
                    throw new Rejected("content after the root element");
                }
                seenRoot = true;
                root = rootReader.read(reader);
            } else if (event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                throw new Rejected("text outside the root element");
            }
        }
        if (!seenRoot) {
            throw new Rejected("no root element");
        }
        return root;
    }

    /** The {@code protocol} attribute of the root, which must be exactly "3.0". */
    private static String protocol(XMLStreamReader reader) throws Rejected {
        String protocol = attribute(reader, "protocol");
        if (!"3.0".equals(protocol)) {
            throw new Rejected(
                    "unsupported protocol " + (protocol == null ? "(missing)" : abbreviate(protocol)) + ", expected 3.0");
        }
        return protocol;
    }

    private static OmahaRequest readRequest(XMLStreamReader reader) throws XMLStreamException, Rejected {
        if (!"request".equals(reader.getLocalName())) {
            throw new Rejected("root element must be <request>");
        }
        checkAttributeLengths(reader);
        String protocol = protocol(reader);
        String version = attribute(reader, "version");
        String updaterVersion = attribute(reader, "updaterversion");
        String installSource = attribute(reader, "installsource");
        String userId = attribute(reader, "userid");
        OsInfo os = null;
        List<AppRequest> apps = new ArrayList<>();
        while (nextChild(reader)) {
            checkAttributeLengths(reader);
            switch (reader.getLocalName()) {
                case "os" -> {
                    OsInfo parsed = new OsInfo(attribute(reader, "platform"), attribute(reader, "version"),
                            attribute(reader, "sp"), attribute(reader, "arch"));
                    if (os == null) {
                        os = parsed;
                    }
                    skipElement(reader);
                }
                case "app" -> {
                    if (apps.size() == MAX_APPS_PER_REQUEST) {
                        throw new Rejected("more than " + MAX_APPS_PER_REQUEST + " <app> elements");
                    }
                    apps.add(readApp(reader, userId));
                }
                default -> skipElement(reader);
            }
        }
        return new OmahaRequest(protocol, version, updaterVersion, installSource, os, apps);
    }

    /**
     * @param userId {@code request/@userid}: Google-style Omaha clients name the machine only there (the v3
     *               spec has no {@code app/@machineid}), so it stands in for an absent or empty machine id
     */
    private static AppRequest readApp(XMLStreamReader reader, String userId) throws XMLStreamException, Rejected {
        String appId = attribute(reader, "appid");
        String version = attribute(reader, "version");
        String track = attribute(reader, "track");
        String bootId = attribute(reader, "bootid");
        String machineId = attribute(reader, "machineid");
        if ((machineId == null || machineId.isEmpty()) && userId != null && !userId.isEmpty()) {
            machineId = userId;
        }
        String machineAlias = attribute(reader, "machinealias");
        String oem = attribute(reader, "oem");
        String oemVersion = attribute(reader, "oemversion");
        String alephVersion = attribute(reader, "alephversion");
        String board = attribute(reader, "board");
        boolean multiManifestOk = isTrue(attribute(reader, "multi_manifest_ok"));
        boolean ping = false;
        boolean updateCheck = false;
        String targetVersionPrefix = null;
        List<EventRequest> events = new ArrayList<>();
        while (nextChild(reader)) {
            checkAttributeLengths(reader);
            switch (reader.getLocalName()) {
                case "ping" -> ping = true;
                case "updatecheck" -> {
                    updateCheck = true;
                    targetVersionPrefix = attribute(reader, "targetversionprefix");
                }
                case "event" -> {
                    if (events.size() == MAX_EVENTS_PER_APP) {
                        throw new Rejected("more than " + MAX_EVENTS_PER_APP + " <event> elements in one <app>");
                    }
                    events.add(new EventRequest(
                            parseInteger(attribute(reader, "eventtype")),
                            parseInteger(attribute(reader, "eventresult")),
                            parseLong(attribute(reader, "errorcode")),
                            attribute(reader, "previousversion")));
                }
                default -> { }
            }
            skipElement(reader);
        }
        return new AppRequest(appId, version, track, bootId, machineId, machineAlias, oem, oemVersion,
                alephVersion, board, multiManifestOk, ping, updateCheck, events, targetVersionPrefix);
    }

    private static ParsedResponse readResponse(XMLStreamReader reader) throws XMLStreamException, Rejected {
        if (!"response".equals(reader.getLocalName())) {
            throw new Rejected("root element must be <response>");
        }
        String protocol = protocol(reader);
        String server = attribute(reader, "server");
        List<ParsedApp> apps = new ArrayList<>();
        while (nextChild(reader)) {
            if ("app".equals(reader.getLocalName())) {
                apps.add(readResponseApp(reader));
            } else {
                skipElement(reader); // <daystart> and anything unknown
            }
        }
        return new ParsedResponse(protocol, server, apps);
    }

    private static ParsedApp readResponseApp(XMLStreamReader reader) throws XMLStreamException, Rejected {
        String appId = attribute(reader, "appid");
        String status = attribute(reader, "status");
        ParsedUpdateCheck updateCheck = null;
        while (nextChild(reader)) {
            // The first <updatecheck> wins, as with update_engine's XPath; <ping> and <event> answers are skipped.
            if ("updatecheck".equals(reader.getLocalName()) && updateCheck == null) {
                updateCheck = readUpdateCheck(reader);
            } else {
                skipElement(reader);
            }
        }
        return new ParsedApp(appId, status, updateCheck);
    }

    private static ParsedUpdateCheck readUpdateCheck(XMLStreamReader reader) throws XMLStreamException, Rejected {
        String status = attribute(reader, "status");
        Integer pollInterval = parseNonNegativeInteger(attribute(reader, "PollInterval"));
        List<String> codebases = new ArrayList<>();
        List<ParsedManifest> manifests = new ArrayList<>();
        while (nextChild(reader)) {
            switch (reader.getLocalName()) {
                case "urls" -> readUrls(reader, codebases);
                case "manifest" -> manifests.add(readManifest(reader, codebases));
                default -> skipElement(reader);
            }
        }
        return new ParsedUpdateCheck(status, pollInterval, codebases, manifests);
    }

    /** Adds the codebase of every {@code <url>} child that has one. */
    private static void readUrls(XMLStreamReader reader, List<String> codebases) throws XMLStreamException, Rejected {
        while (nextChild(reader)) {
            if ("url".equals(reader.getLocalName())) {
                String codebase = attribute(reader, "codebase");
                if (codebase != null) {
                    codebases.add(codebase);
                }
            }
            skipElement(reader);
        }
    }

    private static ParsedManifest readManifest(XMLStreamReader reader, List<String> codebases)
            throws XMLStreamException, Rejected {
        String version = attribute(reader, "version");
        boolean isFloor = isTrue(attribute(reader, "is_floor"));
        String floorReason = attribute(reader, "floor_reason");
        boolean isTarget = isTrue(attribute(reader, "is_target"));
        String manifestCodebase = attribute(reader, "codebase");
        List<ParsedPackage> packages = new ArrayList<>();
        ParsedAction postinstall = null;
        while (nextChild(reader)) {
            switch (reader.getLocalName()) {
                case "packages" -> readPackages(reader, packages);
                case "actions" -> postinstall = readActions(reader, postinstall);
                case "urls" -> readUrls(reader, codebases); // not where servers put it, but harmless
                default -> skipElement(reader);
            }
        }
        return new ParsedManifest(version, isFloor, floorReason, isTarget, packages, postinstall, manifestCodebase);
    }

    private static void readPackages(XMLStreamReader reader, List<ParsedPackage> packages)
            throws XMLStreamException, Rejected {
        while (nextChild(reader)) {
            if ("package".equals(reader.getLocalName())) {
                packages.add(new ParsedPackage(attribute(reader, "name"), parseSize(attribute(reader, "size")),
                        attribute(reader, "hash"), attribute(reader, "hash_sha256"),
                        isTrue(attribute(reader, "required"))));
            }
            skipElement(reader);
        }
    }

    /** Returns {@code found}, or else the first {@code <action event="postinstall">} child, or {@code null}. */
    private static ParsedAction readActions(XMLStreamReader reader, ParsedAction found)
            throws XMLStreamException, Rejected {
        ParsedAction postinstall = found;
        while (nextChild(reader)) {
            if (postinstall == null && "action".equals(reader.getLocalName())
                    && "postinstall".equals(attribute(reader, "event"))) {
                postinstall = new ParsedAction(attribute(reader, "event"), attribute(reader, "sha256"),
                        isTrue(attribute(reader, "DisablePayloadBackoff")));
            }
            skipElement(reader);
        }
        return postinstall;
    }

    /**
     * Advances to the next child element of the current element. Returns {@code true} positioned on the
     * child's START_ELEMENT, or {@code false} positioned on the current element's END_ELEMENT.
     */
    private static boolean nextChild(XMLStreamReader reader) throws XMLStreamException, Rejected {
        while (true) {
            switch (next(reader)) {
                case XMLStreamConstants.START_ELEMENT -> {
                    return true;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return false;
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new Rejected("truncated XML");
                default -> { } // text, comments, processing instructions are ignored
            }
        }
    }

    /** Skips the rest of the current element, including its subtree (iteratively: no stack overflow). */
    private static void skipElement(XMLStreamReader reader) throws XMLStreamException, Rejected {
        int depth = 1;
        while (depth > 0) {
            switch (next(reader)) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.END_DOCUMENT -> throw new Rejected("truncated XML");
                default -> { }
            }
        }
    }

    private static int next(XMLStreamReader reader) throws XMLStreamException, Rejected {
        if (!reader.hasNext()) {
            throw new Rejected("truncated XML");
        }
        int event = reader.next();
        // Refuse any DTD outright. With SUPPORT_DTD off the JDK would otherwise accept the document and
        // merely leave the entities declared in it unexpanded, which we would then silently misread.
        if (event == XMLStreamConstants.DTD) {
            throw new Rejected("DOCTYPE is not allowed");
        }
        return event;
    }

    /** Refuses an element of a request with any attribute longer than {@link #MAX_ATTRIBUTE_CHARS}. */
    private static void checkAttributeLengths(XMLStreamReader reader) throws Rejected {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeValue(i).length() > MAX_ATTRIBUTE_CHARS) {
                throw new Rejected("attribute " + abbreviate(reader.getAttributeLocalName(i)) + " of "
                        + abbreviate(reader.getLocalName()) + " is longer than " + MAX_ATTRIBUTE_CHARS + " characters");
            }
        }
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

    /** Only plain ASCII digits (no sign, no space, no other digit scripts) that fit an {@code int}. */
    private static Integer parseNonNegativeInteger(String value) {
        try {
            return isAsciiDigits(value) ? Integer.valueOf(value) : null;
        } catch (NumberFormatException e) {
            return null; // too large
        }
    }

    /** Only plain ASCII digits that fit a {@code long}, read as decimal even with leading zeros. */
    private static Long parseSize(String value) {
        try {
            return isAsciiDigits(value) ? Long.valueOf(value) : null;
        } catch (NumberFormatException e) {
            return null; // too large
        }
    }

    private static boolean isAsciiDigits(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Omaha booleans: only the exact string "true" counts, as in update_engine. */
    private static boolean isTrue(String value) {
        return "true".equals(value);
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
     * Writes a request as update_engine and Nebraska's syncer send it (omaha-protocol.md §2.1, nebraska.md
     * §6.1), for the syncer to post upstream: {@code protocol="3.0"} and {@code ismachine="1"}, the
     * {@code <os>} if there is one, then per app its attributes, {@code multi_manifest_ok="true"} only when
     * set, {@code <ping active="1">}, {@code <updatecheck>} and the events. Attributes whose value is
     * {@code null} are left out; values are escaped as in {@link #encode(OmahaResponse)}.
     * {@code request.protocol()} is not consulted: 3.0 is the only protocol written.
     *
     * <p>{@link #decode(byte[])} of the result equals {@code request} for every request whose strings XML can
     * carry (see {@link #encode(OmahaResponse)} for the replacement of the others). Deterministic; no
     * trailing newline.
     */
    public byte[] encodeRequest(OmahaRequest request) {
        StringBuilder xml = new StringBuilder(512).append(XML_DECLARATION);
        xml.append("<request protocol=\"3.0\"");
        writeAttribute(xml, "version", request.version());
        writeAttribute(xml, "updaterversion", request.updaterVersion());
        writeAttribute(xml, "installsource", request.installSource());
        xml.append(" ismachine=\"1\">");
        OsInfo os = request.os();
        if (os != null) {
            xml.append("<os");
            writeAttribute(xml, "platform", os.platform());
            writeAttribute(xml, "version", os.version());
            writeAttribute(xml, "sp", os.sp());
            writeAttribute(xml, "arch", os.arch());
            xml.append("></os>");
        }
        for (AppRequest app : request.apps()) {
            writeRequestApp(xml, app);
        }
        xml.append("</request>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeRequestApp(StringBuilder xml, AppRequest app) {
        xml.append("<app");
        writeAttribute(xml, "appid", app.appId());
        writeAttribute(xml, "version", app.version());
        writeAttribute(xml, "track", app.track());
        writeAttribute(xml, "bootid", app.bootId());
        writeAttribute(xml, "machineid", app.machineId());
        writeAttribute(xml, "machinealias", app.machineAlias());
        writeAttribute(xml, "oem", app.oem());
        writeAttribute(xml, "oemversion", app.oemVersion());
        writeAttribute(xml, "alephversion", app.alephVersion());
        writeAttribute(xml, "board", app.board());
        if (app.multiManifestOk()) {
            xml.append(" multi_manifest_ok=\"true\"");
        }
        xml.append('>');
        if (app.ping()) {
            xml.append("<ping active=\"1\"></ping>");
        }
        if (app.updateCheck()) {
            xml.append("<updatecheck");
            writeAttribute(xml, "targetversionprefix", app.targetVersionPrefix());
            xml.append("></updatecheck>");
        }
        for (EventRequest event : app.events()) {
            xml.append("<event");
            writeAttribute(xml, "eventtype", event.type() == null ? null : event.type().toString());
            writeAttribute(xml, "eventresult", event.result() == null ? null : event.result().toString());
            writeAttribute(xml, "errorcode", event.errorCode() == null ? null : event.errorCode().toString());
            writeAttribute(xml, "previousversion", event.previousVersion());
            xml.append("></event>");
        }
        xml.append("</app>");
    }

    /** Writes {@code  name="value"}, escaped, or nothing when {@code value} is {@code null}. */
    private static void writeAttribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("=\"");
            escape(xml, value).append('"');
        }
    }

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
            String shared = manifests.getLast().codebase();
            for (Manifest manifest : manifests) {
                writeManifest(xml, manifest, shared);
            }
        }
        xml.append("</updatecheck>");
    }

    private static void writeManifest(StringBuilder xml, Manifest manifest, String sharedCodebase) {
        xml.append("<manifest version=\"");
        escape(xml, manifest.version()).append('"');
        if (!manifest.codebase().equals(sharedCodebase)) {
            // Platte's extension: a step whose files are elsewhere than the shared <urls> (ignored by others).
            xml.append(" codebase=\"");
            escape(xml, manifest.codebase()).append('"');
        }
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
