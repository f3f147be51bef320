package dev.platte.omaha.protocol;

/** Values of {@code app/@status}. update_engine ignores it; ue-rs and go-omaha read it. */
public enum AppStatus {
    OK("ok"),
    ERROR_UNKNOWN_APPLICATION("error-unknownApplication"),
    ERROR_INVALID_APP_ID("error-invalidAppId"),
    ERROR_INVALID_VERSION("error-invalidVersion"),
    ERROR_INVALID_MACHINE_ID("error-invalidMachineId"),
    ERROR_INTERNAL("error-internal");

    private final String wireValue;

    AppStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
