package dev.ariadne.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Features keep their internals to themselves; shared domain code stays free of frameworks. */
class ModularityTests {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ariadne");

    @Test
    void theRulesSeeTheWholeApplication() {
        org.assertj.core.api.Assertions.assertThat(CLASSES.size()).isGreaterThan(100);
    }

    @Test
    void aFeaturesDataPackageIsUsedOnlyByThatFeature() {
        for (String feature : new String[] {"tenant", "trunk", "agent", "number", "call", "provisioning"}) {
            classes().that().resideInAPackage("dev.ariadne." + feature + ".data..")
                    .should().onlyBeAccessed().byAnyPackage("dev.ariadne." + feature + "..")
                    .because("rows are a feature's private business; other features use its facade")
                    .check(CLASSES);
        }
    }

    @Test
    void aFeaturesWebPackageIsUsedByNoOtherPackage() {
        for (String feature : new String[] {"tenant", "trunk", "agent", "number", "call"}) {
            classes().that().resideInAPackage("dev.ariadne." + feature + ".web..")
                    .should().onlyBeAccessed().byAnyPackage("dev.ariadne." + feature + ".web..")
                    .check(CLASSES);
        }
    }

    @Test
    void sharedDomainTypesUseNoFramework() {
        noClasses().that().resideInAPackage("dev.ariadne.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.r2dbc..", "io.netty..",
                        "reactor.netty..")
                .check(CLASSES);
    }

    @Test
    void featuresFormNoCycles() {
        slices().matching("dev.ariadne.(*)..")
                .should().beFreeOfCycles()
                .check(CLASSES);
    }
}
