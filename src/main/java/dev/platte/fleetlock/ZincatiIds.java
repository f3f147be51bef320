package dev.platte.fleetlock;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The FleetLock holder id Zincati sends for a machine: not the machine id itself but systemd's
 * {@code sd_id128_get_machine_app_specific()} of it for Zincati's application id (coreos/zincati
 * {@code src/identity/mod.rs}): HMAC-SHA256 keyed with the machine id over the application id, cut to 128
 * bits and marked as a version-4 UUID, in lower-case hex. Knowing a machine id, Platte can recognise it.
 */
public final class ZincatiIds {

    static final byte[] ZINCATI_APP_ID = HexFormat.of().parseHex("de35106b6ec24688b63afddaa156679b");
    private static final Pattern MACHINE_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private ZincatiIds() {}

    /** Zincati's holder id on the machine with this id, when it is a 128-bit hex id as systemd's are. */
    public static Optional<String> holderIdOf(String machineId) {
        if (machineId == null || !MACHINE_ID.matcher(machineId).matches()) {
            return Optional.empty();
        }
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(machineId.toLowerCase(Locale.ROOT)), "HmacSHA256"));
            var id = Arrays.copyOf(mac.doFinal(ZINCATI_APP_ID), 16);
            id[6] = (byte) ((id[6] & 0x0f) | 0x40);
            id[8] = (byte) ((id[8] & 0x3f) | 0x80);
            return Optional.of(HexFormat.of().formatHex(id));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
