/** Open to the other modules as the {@code protocol} named interface (Spring Modulith; see ModularityTests). */
@NamedInterface("protocol")
package dev.platte.omaha.protocol;

import org.springframework.modulith.NamedInterface;
