package dev.platte.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rollouts treat their nodes.
 *
 * @param canaryTenure in a safe-mode group that had no machines before its rollout started, how long a
 *     machine must have been registered before it may become the canary (elsewhere only machines known
 *     before the rollout started may)
 */
@ConfigurationProperties("platte.rollout")
public record RolloutProperties(@DefaultValue("1d") Duration canaryTenure) {}
