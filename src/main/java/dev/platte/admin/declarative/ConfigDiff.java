package dev.platte.admin.declarative;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.platte.admin.declarative.ConfigDocument.ApplicationEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The difference between two documents of one server, object by object in document order: what was
 * created, deleted, or updated and which fields changed from what to what.
 */
final class ConfigDiff {

    private ConfigDiff() {}

    /**
     * @param fields each field (a path within the object) with its old and new value: the changed ones of an
     *     update, all of a created object, none of a deleted one
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Change(Action action, String kind, String application, String key, List<FieldChange> fields) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FieldChange(String field, JsonNode from, JsonNode to) {}

    enum Action {
        @JsonProperty("create")
        CREATE,
        @JsonProperty("update")
        UPDATE,
        @JsonProperty("delete")
        DELETE
    }

    static List<Change> between(ConfigDocument before, ConfigDocument after) {
        var beforeApps = byAppId(before);
        var afterApps = byAppId(after);
        var ids = new LinkedHashSet<UUID>(afterApps.keySet());
        ids.addAll(beforeApps.keySet());
        var changes = new ArrayList<Change>();
        for (var id : ids) {
            var old = beforeApps.get(id);
            var now = afterApps.get(id);
            var name = (now == null ? old : now).name();
            compare(changes, "application", name, objects(old, ConfigDiff::application),
                    objects(now, ConfigDiff::application));
            for (var kind : List.of("package", "channel", "floor", "revocation", "group", "gate", "webhook")) {
                compare(changes, kind, name, objects(old, entry -> children(entry, kind)),
                        objects(now, entry -> children(entry, kind)));
            }
        }
        compare(changes, "webhook", null, byName(before.webhooks(), ConfigDocument.WebhookEntry::name),
                byName(after.webhooks(), ConfigDocument.WebhookEntry::name));
        compare(changes, "reboot-group", null, byName(before.rebootGroups(), ConfigDocument.RebootGroupEntry::name),
                byName(after.rebootGroups(), ConfigDocument.RebootGroupEntry::name));
        return changes;
    }

    /**
     * The changes with {@code more} (changes no export shows, such as a replaced secret) added: to the
     * update of the same object when there is one.
     */
    static List<Change> merge(List<Change> changes, List<Change> more) {
        var merged = new ArrayList<>(changes);
        for (var change : more) {
            var same = -1;
            for (int i = 0; i < merged.size(); i++) {
                var c = merged.get(i);
                if (c.kind().equals(change.kind()) && c.key().equals(change.key())
                        && Objects.equals(c.application(), change.application())) {
                    same = i;
                }
            }
            if (same < 0) {
                merged.add(change);
            } else if (merged.get(same).action() == Action.UPDATE) {
                var c = merged.get(same);
                var fields = new ArrayList<>(c.fields());
                fields.addAll(change.fields());
                merged.set(same, new Change(c.action(), c.kind(), c.application(), c.key(), fields));
            }
        }
        return merged;
    }

    private static <T> Map<String, ObjectNode> byName(List<T> entries, java.util.function.Function<T, String> name) {
        var map = new LinkedHashMap<String, ObjectNode>();
        if (entries != null) {
            entries.forEach(e -> map.put(name.apply(e), ConfigFormats.tree(e)));
        }
        return map;
    }

    private static Map<UUID, ApplicationEntry> byAppId(ConfigDocument document) {
        var map = new LinkedHashMap<UUID, ApplicationEntry>();
        document.applications().forEach(entry -> map.put(entry.appId(), entry));
        return map;
    }

    private static Map<String, ObjectNode> objects(ApplicationEntry entry,
            java.util.function.Function<ApplicationEntry, Map<String, ObjectNode>> extract) {
        return entry == null ? Map.of() : extract.apply(entry);
    }

    private static Map<String, ObjectNode> application(ApplicationEntry entry) {
        var tree = ConfigFormats.tree(entry);
        tree.remove(List.of("packages", "channels", "groups", "revocations", "webhooks"));
        return Map.of(entry.name(), tree);
    }

    private static Map<String, ObjectNode> children(ApplicationEntry entry, String kind) {
        var map = new LinkedHashMap<String, ObjectNode>();
        switch (kind) {
            case "package" -> entry.packages().forEach(p -> map.put(p.version() + " " + p.arch(), ConfigFormats.tree(p)));
            case "channel" -> entry.channels().forEach(c -> {
                var tree = ConfigFormats.tree(c);
                tree.remove(List.of("floors", "revocations"));
                map.put(c.name() + " " + c.arch(), tree);
            });
            case "floor" -> entry.channels().forEach(c -> c.floors().forEach(
                    f -> map.put(c.name() + " " + c.arch() + " " + f.version(), ConfigFormats.tree(f))));
            case "revocation" -> {
                entry.revocations().forEach(r -> map.put(r.version() + " " + r.arch(), ConfigFormats.tree(r)));
                entry.channels().forEach(c -> c.revocations().forEach(
                        r -> map.put(c.name() + " " + c.arch() + " " + r.version(), ConfigFormats.tree(r))));
            }
            case "group" -> entry.groups().forEach(g -> {
                var tree = ConfigFormats.tree(g);
                tree.remove("gates");
                map.put(g.name(), tree);
            });
            case "gate" -> entry.groups().forEach(g -> g.gates().forEach(
                    gate -> map.put(g.name() + " " + gate.name(), ConfigFormats.tree(gate))));
            case "webhook" -> entry.webhooks().forEach(w -> map.put(w.name(), ConfigFormats.tree(w)));
            default -> throw new IllegalArgumentException(kind);
        }
        return map;
    }

    private static void compare(List<Change> changes, String kind, String application, Map<String, ObjectNode> before,
            Map<String, ObjectNode> after) {
        var keys = new LinkedHashSet<String>(after.keySet());
        keys.addAll(before.keySet());
        for (var key : keys) {
            var old = before.get(key);
            var now = after.get(key);
            if (old == null) {
                changes.add(new Change(Action.CREATE, kind, application, key, fields(MissingNode.getInstance(), now)));
            } else if (now == null) {
                changes.add(new Change(Action.DELETE, kind, application, key, List.of()));
            } else {
                var fields = fields(old, now);
                if (!fields.isEmpty()) {
                    changes.add(new Change(Action.UPDATE, kind, application, key, fields));
                }
            }
        }
    }

    /** Leaf by leaf: objects and lists of objects are walked, anything else compared whole. */
    static List<FieldChange> fields(JsonNode before, JsonNode after) {
        var old = new LinkedHashMap<String, JsonNode>();
        var now = new LinkedHashMap<String, JsonNode>();
        flatten("", before, old);
        flatten("", after, now);
        var paths = new LinkedHashSet<String>(now.keySet());
        paths.addAll(old.keySet());
        var fields = new ArrayList<FieldChange>();
        for (var path : paths) {
            if (!Objects.equals(old.get(path), now.get(path))) {
                fields.add(new FieldChange(path, old.get(path), now.get(path)));
            }
        }
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (var property : node.properties()) {
                flatten(prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey(), property.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isObject()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            out.put(prefix, node);
        }
    }
}
