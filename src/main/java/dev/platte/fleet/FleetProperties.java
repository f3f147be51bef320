package dev.platte.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param retiredAfter an instance not seen for this long is retired: hidden on request, deletable in bulk */
@ConfigurationProperties("platte.fleet")
public record FleetProperties(@DefaultValue("30d") Duration retiredAfter) {}
