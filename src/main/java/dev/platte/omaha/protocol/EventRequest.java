package dev.platte.omaha.protocol;

/**
 * One {@code <event>} of a request.
 *
 * @param type            {@code eventtype}, {@code null} when missing or not an integer
 * @param result          {@code eventresult}, {@code null} when missing or not an integer
 * @param errorCode       {@code errorcode} as a signed 64-bit value (update_engine ORs flag bits
 *                        into the high nibble), {@code null} when missing or not an integer
 * @param previousVersion {@code previousversion} verbatim, {@code null} when missing
 */
public record EventRequest(Integer type, Integer result, Long errorCode, String previousVersion) {

    // Event types and results update_engine actually sends (omaha-protocol.md §5.1).
    public static final int TYPE_UPDATE_COMPLETE = 3;
    public static final int TYPE_UPDATE_DOWNLOAD_STARTED = 13;
    public static final int TYPE_UPDATE_DOWNLOAD_FINISHED = 14;
    /** Nebraska extension: installed, but the instance prevented completion. */
    public static final int TYPE_INSTALL_SUCCESS = 800;

    public static final int RESULT_ERROR = 0;
    public static final int RESULT_SUCCESS = 1;
    public static final int RESULT_SUCCESS_REBOOT = 2;
    public static final int RESULT_UPDATE_DEFERRED = 9;

    // Flag bits OR-ed into errorcode by update_engine's GetErrorCodeFlags (omaha-protocol.md §6).
    /** Set whenever the client's SERVER is not the public Flatcar one, i.e. on every self-hosted server. */
    public static final long FLAG_TEST_OMAHA_URL = 1L << 28;
    public static final long FLAG_TEST_IMAGE = 1L << 29;
    public static final long FLAG_RESUMED = 1L << 30;
    public static final long FLAG_DEV_MODE = 1L << 31;

    private static final long BASE_MASK = 0x0FFF_FFFFL;
    private static final long FLAGS_MASK = 0xF000_0000L;
    /** Base codes at or above this are {@code 2000 + HTTP status} of a failed update check. */
    public static final int HTTP_ERROR_BASE = 2000;

    /** Whether this event has exactly the given type and result. */
    public boolean is(int type, int result) {
        return this.type != null && this.type == type && this.result != null && this.result == result;
    }

    /** The error code without flag bits ({@code code & 0x0FFFFFFF}), e.g. 34 for 268435490; 0 when absent. */
    public int errorCodeBase() {
        return errorCode == null ? 0 : (int) (errorCode & BASE_MASK);
    }

    /** Only the flag bits of the error code ({@code code & 0xF0000000}); 0 when absent. */
    public long errorCodeFlags() {
        return errorCode == null ? 0 : errorCode & FLAGS_MASK;
    }

    /** Whether the given flag (e.g. {@link #FLAG_TEST_OMAHA_URL}) is set in the error code. */
    public boolean hasErrorCodeFlag(long flag) {
        return (errorCodeFlags() & flag) == flag && flag != 0;
    }

    /** The HTTP status the client got for its update check if the base code is {@code 2000 + status}, else {@code null}. */
    public Integer httpStatus() {
        int base = errorCodeBase();
        return base >= HTTP_ERROR_BASE && base < HTTP_ERROR_BASE + 1000 ? base - HTTP_ERROR_BASE : null;
    }
}
