package dev.platte.sync;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.ActivityService;
import dev.platte.activity.Severity;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.PackageType;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.common.Untrusted;
import dev.platte.common.Versions;
import dev.platte.database.ReplicaLocks;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.MalformedOmahaResponseException;
import dev.platte.omaha.protocol.OmahaCodec;
import dev.platte.omaha.protocol.OmahaRequest;
import dev.platte.omaha.protocol.OsInfo;
import dev.platte.omaha.protocol.ParsedManifest;
import dev.platte.omaha.protocol.ParsedPackage;
import dev.platte.omaha.protocol.ParsedUpdateCheck;
import dev.platte.payload.Expected;
import dev.platte.payload.PayloadStore;
import dev.platte.payload.PayloadVerificationException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows upstream Omaha servers as a syncer client does ({@code installsource="scheduler"},
 * {@code multi_manifest_ok="true"}): creates the packages and floors it learns about, optionally
 * mirrors and verifies their payloads, and points the local channel at the upstream target. One replica
 * at a time syncs an upstream ({@link ReplicaLocks}), so each package is created and each channel
 * promoted exactly once. Everything an upstream sends is bounded ({@link UpstreamClient}); what it sends is
 * never shown or logged as it came, only described in Platte's own words.
 */
@Service
public class Syncer {

    private static final Logger log = LoggerFactory.getLogger(Syncer.class);
    /** The request version Nebraska recognises as a syncer. */
    static final String SYNCER_VERSION = "CoreOSUpdateEngine-0.1.0.0";
    /** Recorded errors are shown to every viewer and logged: a few lines at most. */
    static final int MAX_ERROR_LENGTH = 400;
    /** What of an administrator's strings goes into a message. */
    private static final int MAX_QUOTED = 64;
    private static final Pattern OMAHA_STATUS = Pattern.compile("ok|noupdate|restricted|error-[A-Za-z]{1,40}");

    private final SyncProperties properties;
    private final CatalogService catalog;
    private final ApplicationService applications;
    private final PackageService packages;
    private final ChannelService channels;
    private final PayloadStore payloads;
    private final SyncStateRepository states;
    private final ActivityService activity;
    private final ReplicaLocks locks;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final OmahaCodec codec = new OmahaCodec();
    private final Map<String, UpstreamClient> clients = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines;
    private final Map<String, Instant> lastRuns = new ConcurrentHashMap<>();

    Syncer(SyncProperties properties, CatalogService catalog, ApplicationService applications, PackageService packages,
            ChannelService channels, PayloadStore payloads, SyncStateRepository states, ActivityService activity,
            ReplicaLocks locks, PlatformTransactionManager transactionManager, Clock clock, MeterRegistry metrics) {
        this.properties = properties;
        this.catalog = catalog;
        this.applications = applications;
        this.packages = packages;
        this.channels = channels;
        this.payloads = payloads;
        this.states = states;
        this.activity = activity;
        this.locks = locks;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.metrics = metrics;
        this.deadlines = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("platte-sync-deadlines").factory());
        // A finished download's timer must not stay queued (with its request) until it would have fired.
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        clients.values().forEach(client -> {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("Closing an upstream client failed", e);
            }
        });
    }

    private UpstreamClient client(SyncProperties.Upstream upstream) {
        return clients.computeIfAbsent(upstream.name(), name -> {
            try {
                return new UpstreamClient(properties, upstream, SSLContext.getDefault(), deadlines);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS available", e);
            }
        });
    }

    /** Syncs every upstream whose interval has passed (on this replica; the lock keeps replicas apart). */
    @Scheduled(fixedDelayString = "${platte.sync.check-every:60s}", initialDelayString = "${platte.sync.first-after:20s}")
    public void scheduled() {
        var now = clock.instant();
        for (var upstream : properties.effectiveUpstreams()) {
            var last = lastRuns.get(upstream.name());
            if (last == null || !now.isBefore(last.plus(upstream.interval()))) {
                lastRuns.put(upstream.name(), now);
                sync(upstream);
            }
        }
    }

    /** Syncs every upstream now; returns one line per upstream. */
    public List<String> syncNow() {
        var results = new ArrayList<String>();
        for (var upstream : properties.effectiveUpstreams()) {
            lastRuns.put(upstream.name(), clock.instant());
            results.add(upstream.name() + ": " + sync(upstream));
        }
        return results;
    }

    /**
     * Imports one specific release from an upstream Platte (it honours {@code targetversionprefix}; the
     * public Flatcar server does not) into the application, mirroring it when the upstream mirrors, and
     * points the local channel at it when {@code promote}. {@code channelName} is the upstream channel to
     * ask through; {@code localChannelName} (default: the same name) the one to promote. Returns what
     * happened; throws when it could not.
     */
    public String importRelease(String upstreamName, String channelName, String localChannelName, String archName,
            String version, boolean promote) throws ImportFailedException {
        var upstream = properties.effectiveUpstreams().stream().filter(u -> u.name().equals(upstreamName)).findFirst()
                .orElseThrow(() -> new ImportFailedException("no upstream named " + upstreamName));
        var arch = Arch.fromWireName(archName);
        var mirrored = new ArrayList<UUID>();
        try {
            var localName = localChannelName == null || localChannelName.isBlank() ? channelName : localChannelName;
            var local = transactions.execute(tx -> localChannel(upstream, localName, arch));
            var check = ask(upstream, request(upstream, channelName, arch, local.version(), version));
            if (!"ok".equals(check.status()) || check.manifests().isEmpty() || check.codebases().isEmpty()) {
                throw new SyncException(upstream.name() + " has no release " + quoted(version) + " for "
                        + channelName + "/" + archName);
            }
            var manifest = check.manifests().getLast();
            if (!manifest.version().equals(version)) {
                throw new SyncException(upstream.name() + " answered " + versionOf(manifest.version()) + ", not "
                        + quoted(version) + ": it does not import by version (only a Platte upstream does)");
            }
            var codebase = manifest.codebase() == null ? withSlash(check.codebases().getFirst()) : withSlash(manifest.codebase());
            var prepared = List.of(prepare(upstream, local.applicationId(), arch, codebase, manifest, mirrored));
            var change = transactions.execute(tx -> apply(upstream, local, arch, prepared, promote));
            return change == null ? quoted(version) + " was already here" : change;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            discardUnused(mirrored);
            throw new ImportFailedException("import of " + quoted(version) + " failed: " + failureReason(e));
        }
    }

    /** An import that could not be done, in words. */
    public static class ImportFailedException extends Exception {
        ImportFailedException(String message) {
            super(message);
        }
    }

    public List<SyncState> states() {
        return states.findAllByOrderByKeyUpstreamAscKeyChannelAscKeyArchAsc();
    }

    /** Syncs every channel of the upstream, each in its own transaction, under the upstream's replica lock. */
    String sync(SyncProperties.Upstream upstream) {
        return locks.runAlone(lockName(upstream), () -> {
            var changes = 0;
            for (var channel : upstream.channels()) {
                for (var arch : upstream.arches()) {
                    if (syncChannel(upstream, channel, Arch.fromWireName(arch))) {
                        changes++;
                    }
                }
            }
            return changes + " channel(s) changed";
        }).orElse("skipped: another replica is syncing it");
    }

    static String lockName(SyncProperties.Upstream upstream) {
        return "sync:" + upstream.name();
    }

    /** Returns whether anything changed locally. Failures are recorded, never thrown. */
    boolean syncChannel(SyncProperties.Upstream upstream, String channelName, Arch arch) {
        var now = clock.instant();
        var mirrored = new ArrayList<UUID>();
        try {
            var local = transactions.execute(tx -> localChannel(upstream, channelName, arch));
            var check = ask(upstream, request(upstream, channelName, arch, local.version()));
            if ("noupdate".equals(check.status())) {
                recordSuccess(upstream, channelName, arch, local.version(), null, now);
                return false;
            }
            if (!"ok".equals(check.status()) || check.manifests().isEmpty() || check.codebases().isEmpty()) {
                throw new SyncException("upstream updatecheck status " + statusOf(check.status())
                        + " without a usable manifest");
            }
            var codebase = withSlash(check.codebases().getFirst());
            var prepared = new ArrayList<Prepared>();
            for (var manifest : check.manifests()) {
                var stepCodebase = manifest.codebase() == null ? codebase : withSlash(manifest.codebase());
                prepared.add(prepare(upstream, local.applicationId(), arch, stepCodebase, manifest, mirrored));
            }
            var change = transactions.execute(tx -> apply(upstream, local, arch, prepared, true));
            recordSuccess(upstream, channelName, arch, prepared.getLast().content().version(), change, now);
            return change != null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            discardUnused(mirrored);
            recordFailure(upstream, channelName, arch, failureReason(e), now);
            return false;
        }
    }

    /**
     * What went wrong, for viewers and the log: Platte's own words and bounded facts, printable on one line.
     * An exception Platte did not expect is named, not quoted (its text may carry what a server sent).
     */
    static String failureReason(Exception e) {
        var reason = switch (e) {
            case SyncException sync -> sync.getMessage();
            case PayloadVerificationException verification -> verification.getMessage();
            case MalformedOmahaResponseException malformed -> "the upstream's answer is not an Omaha response: "
                    + withoutQuotedValues(malformed.getMessage());
            case InvalidInputException invalid -> "the upstream's release was refused: " + invalid.field() + " "
                    + invalid.getMessage();
            case ConflictException conflict -> "the upstream's release was refused: " + conflict.getMessage();
            case NotFoundException missing -> "the upstream's release was refused: " + missing.getMessage();
            case InterruptedException interrupted -> "interrupted: Platte is stopping";
            case IOException local -> "storing a mirrored file failed: " + local;
            default -> {
                log.warn("Unexpected sync failure: {}", Untrusted.printable(e.toString(), MAX_ERROR_LENGTH));
                log.debug("Unexpected sync failure", e);
                yield "unexpected " + e.getClass().getSimpleName() + " (details in the log at debug level)";
            }
        };
        return Untrusted.printable(reason, MAX_ERROR_LENGTH);
    }

    /** The codec quotes a few characters of what it refused; those came from the upstream and stay out. */
    private static String withoutQuotedValues(String reason) {
        var quote = reason == null ? -1 : reason.indexOf('"');
        return quote < 0 ? String.valueOf(reason) : reason.substring(0, quote).strip() + " (value not shown)";
    }

    /** An administrator's string, as a message may quote it. */
    static String quoted(String value) {
        return value == null ? "(none)" : Untrusted.printable(value, MAX_QUOTED);
    }

    /** An upstream's version, named in a message only when it is one. */
    static String versionOf(String value) {
        return value != null && value.length() <= MAX_QUOTED && Versions.isValid(value) ? value : "(not a version)";
    }

    /** An upstream's Omaha status, named in a message only when it is one. */
    static String statusOf(String value) {
        return value != null && OMAHA_STATUS.matcher(value).matches() ? value : "(not an Omaha status)";
    }

    /** Files mirrored for packages that this failed try did not create serve nobody: they go at once. */
    private void discardUnused(List<UUID> mirrored) {
        for (var packageId : mirrored) {
            try {
                if (catalog.findPackage(packageId).isEmpty()) {
                    payloads.deletePackage(packageId);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Could not remove the files mirrored for {} (the payload sweep will): {}", packageId,
                        e.toString());
            }
        }
    }

    private record LocalChannel(UUID applicationId, UUID channelId, String version) {}

    /** Sends one request upstream and returns its update check, or says what was wrong with the answer. */
    private ParsedUpdateCheck ask(SyncProperties.Upstream upstream, OmahaRequest request)
            throws SyncException, MalformedOmahaResponseException {
        // An upstream Platte gives syncer answers only to requests that prove they come from a syncer.
        var headers = upstream.syncerSecret() == null || upstream.syncerSecret().isBlank()
                ? List.<UpstreamClient.Header>of()
                : List.of(new UpstreamClient.Header("Platte-Syncer-Secret", upstream.syncerSecret()));
        var body = client(upstream).postUpdateCheck(upstream.url(), codec.encodeRequest(request), headers);
        var parsed = codec.decodeResponse(body);
        var app = parsed.apps().isEmpty() ? null : parsed.apps().getFirst();
        if (app == null || !"ok".equals(app.status())) {
            throw new SyncException("upstream answered app status " + (app == null ? "(none)" : statusOf(app.status())));
        }
        if (app.updateCheck() == null) {
            throw new SyncException("upstream sent no updatecheck");
        }
        return app.updateCheck();
    }

    /** The package a manifest describes, and (when mirroring) its files already verified in the store. */
    private record Prepared(UUID packageId, PackageContent content, boolean exists, boolean floor, String floorReason) {}

    private LocalChannel localChannel(SyncProperties.Upstream upstream, String channelName, Arch arch) {
        var app = applications.application(upstream.application());
        var channel = channels.channels(app).stream()
                .filter(c -> c.name().equals(channelName) && c.arch() == arch)
                .findFirst()
                .orElseGet(() -> channels.createChannel(app, channelName, arch, null, actor(upstream)));
        var version = channel.packageId() == null
                ? "0.0.0"
                : catalog.findPackage(channel.packageId()).map(UpdatePackage::version).orElse("0.0.0");
        return new LocalChannel(app.id(), channel.id(), version);
    }

    private OmahaRequest request(SyncProperties.Upstream upstream, String channel, Arch arch, String version) {
        return request(upstream, channel, arch, version, null);
    }

    private OmahaRequest request(SyncProperties.Upstream upstream, String channel, Arch arch, String version,
            String pinnedVersion) {
        // One stable identity per upstream channel and arch, braced like CoreOS-era syncers.
        var machineId = "{" + UUID.nameUUIDFromBytes(("platte-sync:" + upstream.name() + ":" + channel + ":"
                + arch.wireName()).getBytes(StandardCharsets.UTF_8)) + "}";
        var app = new AppRequest("{" + upstream.upstreamAppId() + "}", version, channel, "{" + UUID.randomUUID() + "}",
                machineId, "", "", "", "", arch.wireName() + "-usr", true, true, true, List.of(), pinnedVersion);
        return new OmahaRequest("3.0", SYNCER_VERSION, SYNCER_VERSION, "scheduler",
                new OsInfo("CoreOS", "Chateau", version, null), List.of(app));
    }

    private Prepared prepare(SyncProperties.Upstream upstream, UUID applicationId, Arch arch, String codebase,
            ParsedManifest manifest, List<UUID> mirrored) throws IOException, SyncException,
            PayloadVerificationException {
        if (manifest.packages().isEmpty()) {
            throw new SyncException("manifest " + versionOf(manifest.version()) + " lists no package");
        }
        if (manifest.postinstall() == null || manifest.postinstall().sha256Base64() == null) {
            throw new SyncException("manifest " + versionOf(manifest.version()) + " has no postinstall sha256");
        }
        var main = manifest.packages().getFirst();
        var extras = new ArrayList<ExtraFile>();
        for (var extra : manifest.packages().subList(1, manifest.packages().size())) {
            if (extra.sha256Hex() != null && !extra.sha256Hex().isBlank() && extra.size() != null) {
                extras.add(new ExtraFile(extra.name(), extra.size(), extra.sha1Base64(), extra.sha256Hex()));
            }
        }
        if (main.size() == null) {
            throw new SyncException("manifest " + versionOf(manifest.version()) + " has no payload size");
        }
        var existing = catalog.findPackage(applicationId, manifest.version(), arch).filter(p -> p.arch() == arch);
        var packageId = existing.map(UpdatePackage::id).orElseGet(UUID::randomUUID);
        var hostedCodebase = codebase;
        if (existing.isEmpty() && upstream.mirrorPayloads()) {
            mirrored.add(packageId);
            mirror(upstream, packageId, codebase, main, manifest.postinstall().sha256Base64());
            for (var extra : extras) {
                mirror(upstream, packageId, codebase, new ParsedPackage(extra.name(), extra.size(), extra.sha1(),
                        extra.sha256Hex(), false), extra.sha256Hex());
            }
            hostedCodebase = payloads.codebaseFor(packageId);
        }
        var content = new PackageContent(manifest.version(), arch, PackageType.FLATCAR, hostedCodebase, main.name(),
                main.size(), main.sha1Base64(), manifest.postinstall().sha256Base64(),
                "Synced from " + upstream.name(), extras);
        return new Prepared(packageId, content, existing.isPresent(), manifest.isFloor(), manifest.floorReason());
    }

    /** Downloads one file into the store: stopped at its declared size, verified, or not kept at all. */
    private void mirror(SyncProperties.Upstream upstream, UUID packageId, String codebase, ParsedPackage file,
            String sha256) throws IOException, PayloadVerificationException, SyncException {
        if (!payloads.enabled()) {
            throw new SyncException("mirror-payloads is on, but payload hosting is off: set platte.payloads.directory");
        }
        if (!PayloadStore.isPlainFileName(file.name())) {
            throw new SyncException("the upstream names a payload file whose name is not a plain file name");
        }
        if (file.size() == null || file.size() < 0) {
            throw new SyncException(file.name() + " has no size in the manifest");
        }
        URI url;
        try {
            url = new URI(codebase).resolve(file.name());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SyncException("the upstream's codebase for " + file.name() + " is not a valid URL");
        }
        var expected = new Expected(file.size(), file.sha1Base64(), sha256);
        client(upstream).download(url, file.name(), file.size(),
                body -> payloads.store(packageId, file.name(), body, expected));
    }

    /** In one transaction: create what is missing, add floors, promote the channel. Returns the change, if any. */
    private String apply(SyncProperties.Upstream upstream, LocalChannel local, Arch arch, List<Prepared> prepared,
            boolean promote) {
        var application = applications.application(local.applicationId());
        var changes = new ArrayList<String>();
        UpdatePackage target = null;
        for (var step : prepared) {
            var pkg = catalog.findPackage(local.applicationId(), step.content().version(), arch)
                    .filter(p -> p.arch() == arch)
                    .orElse(null);
            if (pkg == null) {
                pkg = packages.createPackage(application, step.packageId(), step.content());
                changes.add("added " + pkg.version());
            }
            var packageId = pkg.id();
            if (step.floor() && channels.floors(application, local.channelId()).stream()
                    .noneMatch(f -> f.packageId().equals(packageId))) {
                channels.addFloor(application, local.channelId(), pkg.id(), step.floorReason());
                changes.add("floor " + pkg.version());
            }
            target = pkg;
        }
        var channel = channels.channel(application, local.channelId());
        // A channel an admin rolled back stays there until an admin rolls it forward: the upstream's (newer)
        // target would otherwise undo the rollback at the next sync.
        if (promote && target != null && !channel.isRollback() && !target.id().equals(channel.packageId())) {
            channels.promote(application, channel.id(), target.id(), actor(upstream), null);
            changes.add("promoted to " + target.version());
        }
        return changes.isEmpty() ? null : String.join(", ", changes);
    }

    private void recordSuccess(SyncProperties.Upstream upstream, String channel, Arch arch, String version,
            String change, Instant now) {
        transactions.executeWithoutResult(tx -> {
            states.save(state(upstream, channel, arch).succeeded(now, version, change, upstream.application()));
            if (change != null) {
                var app = applications.application(upstream.application());
                activity.record(new Activity.Entry(ActivityKind.SYNC_CHANGED, Severity.INFO, app.id(), null, null, null,
                        version, actor(upstream), "Sync from %s, %s/%s: %s".formatted(upstream.name(), channel,
                                arch.wireName(), change)));
            }
        });
    }

    private void recordFailure(SyncProperties.Upstream upstream, String channel, Arch arch, String error, Instant now) {
        log.warn("Sync from {} for {}/{} failed: {}", upstream.name(), channel, arch.wireName(), error);
        metrics.counter("platte.sync.failures", "upstream", upstream.name()).increment();
        transactions.executeWithoutResult(tx -> {
            states.save(state(upstream, channel, arch).failed(now, error, upstream.application()));
            var app = catalog.findApplication(upstream.application()).orElse(null);
            activity.record(new Activity.Entry(ActivityKind.SYNC_FAILED, Severity.ERROR, app == null ? null : app.id(),
                    null, null, null, null, actor(upstream), "Sync from %s, %s/%s failed: %s".formatted(
                            upstream.name(), channel, arch.wireName(), error)));
        });
    }

    private SyncState state(SyncProperties.Upstream upstream, String channel, Arch arch) {
        var key = new SyncState.Key(upstream.name(), channel, arch.wireName());
        return states.findById(key).orElseGet(() -> states.save(new SyncState(upstream.name(), channel, arch.wireName())));
    }

    private static String actor(SyncProperties.Upstream upstream) {
        return "sync:" + upstream.name();
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /** Something upstream said or served that Platte cannot use. */
    static class SyncException extends Exception {
        SyncException(String message) {
            super(message);
        }
    }
}
