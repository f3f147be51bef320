package dev.platte.rollout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param flatcar create the Flatcar application, its channels and groups when the catalog is empty */
@ConfigurationProperties("platte.seed")
public record SeedProperties(@DefaultValue("true") boolean flatcar) {}
