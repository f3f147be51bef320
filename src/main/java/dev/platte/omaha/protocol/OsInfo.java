package dev.platte.omaha.protocol;

/**
 * The {@code <os>} element of a request. update_engine sends platform "CoreOS", version "Chateau"
 * and sp "{@code <release>_<uname -m>}" but no arch; go-omaha clients send arch ("x64", "arm", "x86").
 */
public record OsInfo(String platform, String version, String sp, String arch) {
}
