package dev.platte.fleet;

import java.util.ArrayList;
import java.util.Map;

/** Turns update_engine's numeric error codes (with their flag bits) into words. */
public final class UpdateEngineErrors {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "Success"), Map.entry(1, "Error"), Map.entry(2, "OmahaRequestError"),
            Map.entry(3, "OmahaResponseHandlerError"), Map.entry(4, "FilesystemCopierError"),
            Map.entry(5, "PostinstallRunnerError"), Map.entry(6, "SetBootableFlagError"),
            Map.entry(7, "InstallDeviceOpenError"), Map.entry(8, "KernelDeviceOpenError"),
            Map.entry(9, "DownloadTransferError"), Map.entry(10, "PayloadHashMismatchError"),
            Map.entry(11, "PayloadSizeMismatchError"), Map.entry(12, "DownloadPayloadVerificationError"),
            Map.entry(13, "DownloadNewPartitionInfoError"), Map.entry(14, "DownloadWriteError"),
            Map.entry(15, "NewRootfsVerificationError"), Map.entry(16, "NewKernelVerificationError"),
            Map.entry(17, "SignedDeltaPayloadExpectedError"), Map.entry(18, "DownloadPayloadPubKeyVerificationError"),
            Map.entry(19, "PostinstallBootedFromFirmwareB"), Map.entry(20, "DownloadStateInitializationError"),
            Map.entry(21, "DownloadInvalidMetadataMagicString"), Map.entry(22, "DownloadSignatureMissingInManifest"),
            Map.entry(23, "DownloadManifestParseError"), Map.entry(24, "DownloadMetadataSignatureError"),
            Map.entry(25, "DownloadMetadataSignatureVerificationError"), Map.entry(26, "DownloadMetadataSignatureMismatch"),
            Map.entry(27, "DownloadOperationHashVerificationError"), Map.entry(28, "DownloadOperationExecutionError"),
            Map.entry(29, "DownloadOperationHashMismatch"), Map.entry(30, "OmahaRequestEmptyResponseError"),
            Map.entry(31, "OmahaRequestXMLParseError"), Map.entry(32, "DownloadInvalidMetadataSize"),
            Map.entry(33, "DownloadInvalidMetadataSignature"), Map.entry(34, "OmahaResponseInvalid"),
            Map.entry(35, "OmahaUpdateIgnoredPerPolicy"), Map.entry(36, "OmahaUpdateDeferredPerPolicy"),
            Map.entry(37, "OmahaErrorInHTTPResponse"), Map.entry(38, "DownloadOperationHashMissingError"),
            Map.entry(39, "DownloadMetadataSignatureMissingError"), Map.entry(40, "OmahaUpdateDeferredForBackoff"),
            Map.entry(41, "PostinstallPowerwashError"), Map.entry(42, "NewPCRPolicyVerificationError"),
            Map.entry(43, "NewPCRPolicyHTTPError"), Map.entry(44, "RollbackError"),
            Map.entry(100, "DownloadIncomplete"));

    private static final long[] FLAGS = {1L << 31, 1L << 30, 1L << 29, 1L << 28};
    private static final String[] FLAG_NAMES = {"DevMode", "Resumed", "TestImage", "TestOmahaUrl"};

    private UpdateEngineErrors() {}

    /**
     * The code without its flag bits, as a string, when update_engine defines it (or it is an HTTP status
     * from the update server), else {@code "unknown"}: nodes may send any number, and a metric label must
     * stay within a bounded set.
     */
    public static String label(long code) {
        var base = (int) (code & 0x0FFFFFFFL);
        return NAMES.containsKey(base) || (base >= 2100 && base < 2600) ? Integer.toString(base) : "unknown";
    }

    /** E.g. 268435490 → "OmahaResponseInvalid (34) + TestOmahaUrl". */
    public static String describe(long code) {
        var base = (int) (code & 0x0FFFFFFFL);
        String name;
        if (base >= 2000 && base < 3000) {
            name = "HTTP " + (base - 2000) + " from the update server";
        } else {
            name = NAMES.getOrDefault(base, "unknown error");
        }
        var text = new StringBuilder(name).append(" (").append(base).append(")");
        var flags = new ArrayList<String>();
        for (int i = 0; i < FLAGS.length; i++) {
            if ((code & FLAGS[i]) != 0) {
                flags.add(FLAG_NAMES[i]);
            }
        }
        flags.forEach(flag -> text.append(" + ").append(flag));
        return text.toString();
    }
}
