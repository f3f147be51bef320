package dev.platte.launch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LaunchPackageTests {

    /** It runs before Spring, in a JVM that is about to be replaced: the JDK only. */
    @Test
    void usesNothingButTheJdk() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "dev.platte.launch..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("dev.platte.launch"));
    }
}
