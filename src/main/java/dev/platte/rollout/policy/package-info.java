/** Open to the other modules as the {@code policy} named interface (Spring Modulith; see ModularityTests). */
@NamedInterface("policy")
package dev.platte.rollout.policy;

import org.springframework.modulith.NamedInterface;
