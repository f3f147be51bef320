package dev.platte;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;
import org.springframework.modulith.docs.Documenter;

/**
 * Each direct subpackage of {@code dev.platte} is a module (Spring Modulith): no cycles between modules,
 * and a module uses only another's base package, or a subpackage that one opens as a named interface
 * ({@code omaha::protocol}, {@code rollout::policy}, {@code admin::account}); {@code common} is open.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(PlatteApplication.class);
    private static final Path DOCS = Path.of("target", "spring-modulith-docs");

    @Test
    void keepsTheModulesFreeOfCyclesAndOutOfEachOthersInternals() {
        MODULES.verify();
    }

    /**
     * The C4 diagrams and module canvases, and {@code modules.md}: the table in the README's code layout
     * (paste it there when the modules change).
     */
    @Test
    void writesTheModuleOverview() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString())).writeDocumentation();
        var table = new StringBuilder("| Module | Uses | Opens besides its base package |\n|---|---|---|\n");
        MODULES.stream().sorted(Comparator.comparing(ModularityTests::name)).forEach(module -> table
                .append("| `").append(name(module)).append("` | ")
                .append(module.getDirectDependencies(MODULES).uniqueModules().map(ModularityTests::name).sorted()
                        .map(name -> "`" + name + "`").collect(Collectors.joining(", ")))
                .append(" | ")
                .append(module.getNamedInterfaces().stream().filter(NamedInterface::isNamed)
                        .map(named -> "`" + named.getName() + "`").sorted().collect(Collectors.joining(", ")))
                .append(" |\n"));
        Files.writeString(DOCS.resolve("modules.md"), table);
    }

    private static String name(ApplicationModule module) {
        return module.getIdentifier().toString();
    }
}
