package dev.hearth.home;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of DESIGN.md, checked on the compiled classes of every module. */
class ArchitectureTest {
    static JavaClasses hearth;

    @BeforeAll
    static void importClasses() {
        hearth = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hearth");
    }

    @Test
    void everyModuleIsPresentSoNoRuleHoldsVacuously() {
        for (String pkg : new String[] {"dev.hearth.ports", "dev.hearth.dsl", "dev.hearth.adapters",
                "dev.hearth.migrations", "dev.hearth.home.application", "dev.hearth.home.adapter.in.rest"}) {
            assertThat(hearth.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }

    @Test
    void everyClassBelongsToALayerAndArrowsPointInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("ports").definedBy("dev.hearth.ports..")
                .layer("engine").definedBy("dev.hearth.dsl..")
                .layer("adapters").definedBy("dev.hearth.adapters..")
                .layer("migrations").definedBy("dev.hearth.migrations..")
                .layer("service").definedBy("dev.hearth.home..")
                .whereLayer("service").mayNotBeAccessedByAnyLayer()
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("service")
                .whereLayer("migrations").mayOnlyBeAccessedByLayers("service")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("service")
                .whereLayer("ports").mayOnlyBeAccessedByLayers("adapters", "service")
                .ensureAllClassesAreContainedInArchitecture()
                .check(hearth);
    }

    @Test
    void portsDependOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.hearth.ports..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hearth.ports..", "java..")
                .check(hearth);
    }

    @Test
    void theEngineKnowsNoFrameworkAndNoBanking() {
        classes().that().resideInAPackage("dev.hearth.dsl..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hearth.dsl..", "java..",
                        "org.yaml.snakeyaml..", "org.slf4j..")
                .check(hearth);
    }

    @Test
    void nothingOutsideTheEngineUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.hearth.dsl..")
                .should().dependOnClassesThat().resideInAPackage("dev.hearth.dsl.internal..")
                .check(hearth);
    }

    @Test
    void useCasesNeverSeeDropwizardJerseyOrAdapters() {
        noClasses().that().resideInAPackage("dev.hearth.home.application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dropwizard..", "jakarta.ws.rs..",
                        "org.glassfish..", "dev.hearth.adapters..", "org.jdbi..", "com.google.inject..")
                .check(hearth);
    }
}
