package dev.platte.omaha.protocol;

/** Values of {@code updatecheck/@status}; update_engine understands only ok and noupdate, anything else is its error 34. */
public enum UpdateCheckStatus {
    OK("ok"),
    NO_UPDATE("noupdate"),
    ERROR_INTERNAL("error-internal");

    private final String wireValue;

    UpdateCheckStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
