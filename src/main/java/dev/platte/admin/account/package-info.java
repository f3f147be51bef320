/** Open to the other modules as the {@code account} named interface (Spring Modulith; see ModularityTests). */
@NamedInterface("account")
package dev.platte.admin.account;

import org.springframework.modulith.NamedInterface;
