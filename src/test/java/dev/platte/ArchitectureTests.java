package dev.platte;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.platte");
    }

    @Test
    void keepsTheProtocolCodecAndThePolicyFreeOfFrameworks() {
        // package-info only declares the package a named interface for ModularityTests; no code depends on it.
        noClasses().that().resideInAnyPackage("..omaha.protocol..", "..rollout.policy..")
                .and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..", "dev.platte.catalog..",
                        "dev.platte.fleet..", "dev.platte.common..")
                .check(classes);
    }

    @Test
    void keepsControllersPackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().notBePublic()
                .check(classes);
    }

    @Test
    void keepsRepositoriesPackagePrivate() {
        classes().that().haveSimpleNameEndingWith("Repository")
                .should().notBePublic()
                .check(classes);
    }

    @Test
    void letsNothingButTheAdminSurfaceDependOnIt() {
        noClasses().that().resideOutsideOfPackages("dev.platte.admin..", "dev.platte.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.platte.admin..")
                .check(classes);
    }

    @Test
    void keepsTheDomainModulesFromReachingIntoTheOmahaEndpoint() {
        noClasses().that().resideInAnyPackage("dev.platte.catalog..", "dev.platte.rollout..", "dev.platte.fleet..")
                .should().dependOnClassesThat().resideInAPackage("dev.platte.omaha..")
                .check(classes);
    }
}
