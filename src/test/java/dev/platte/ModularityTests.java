package dev.platte;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each direct subpackage of {@code dev.platte} is a module (Spring Modulith): no cycles between modules,
 * and a module uses only another's base package, or a subpackage that one opens as a named interface
 * ({@code omaha::protocol}, {@code rollout::policy}, {@code admin::account}); {@code common} is open.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(PlatteApplication.class);

    @Test
    void keepsTheModulesFreeOfCyclesAndOutOfEachOthersInternals() {
        MODULES.verify();
    }

    /** The module diagrams and canvases in target/spring-modulith-docs (the README's code layout shows them). */
    @Test
    void writesTheModuleOverview() {
        new Documenter(MODULES).writeDocumentation();
    }
}
