/** Shared value rules every module may use, subpackages included: an open module (Spring Modulith). */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.platte.common;

import org.springframework.modulith.ApplicationModule;
