package dev.hearth.home;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of docs/ARCHITECTURE.md, checked on the compiled classes of every module. */
class ArchitectureTest {
    static final String HOME = "dev.hearth.home";
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
                "dev.hearth.migrations", "dev.hearth.home.application", "dev.hearth.home.adapter.in.rest",
                "dev.hearth.home.adapter.in.admin", "dev.hearth.home.adapter.in.cli", "dev.hearth.home.wiring",
                "dev.hearth.home.runtime", "dev.hearth.home.migration", "dev.hearth.sandbox",
                "dev.hearth.adapters.out.persistence"}) {
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
                .layer("sandbox").definedBy("dev.hearth.sandbox..")
                .whereLayer("service").mayNotBeAccessedByAnyLayer()
                .whereLayer("sandbox").mayOnlyBeAccessedByLayers("service")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("service", "sandbox")
                .whereLayer("migrations").mayOnlyBeAccessedByLayers("service")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("service")
                .whereLayer("ports").mayOnlyBeAccessedByLayers("adapters", "service", "sandbox")
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

    @Test
    void noModuleHasAPackageCycle() {
        for (String module : new String[] {"ports", "dsl", "adapters", "home"}) { // migrations has one package
            slices().matching("dev.hearth." + module + ".(**)").as(module + "'s packages")
                    .should().beFreeOfCycles()
                    .check(hearth);
        }
    }

    /**
     * The service's own rooms: the composition root and wiring build everything; inbound adapters call the use cases;
     * the use cases know the engine and the ports, never a framework or an adapter; adapters implement ports. A class
     * in a package no layer names fails the check.
     */
    @Test
    void theServicesLayersPointInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("root").definedBy(HOME)
                .layer("wiring").definedBy(HOME + ".wiring..")
                .layer("rest").definedBy(HOME + ".adapter.in.rest..")
                .layer("admin").definedBy(HOME + ".adapter.in.admin..")
                .layer("cli").definedBy(HOME + ".adapter.in.cli..")
                .layer("use cases").definedBy(HOME + ".application", HOME + ".application.bindings..", HOME + ".migration..")
                .layer("in-ports").definedBy(HOME + ".application.port.in..")
                .layer("runtime").definedBy(HOME + ".runtime..", HOME + ".resilience..", HOME + ".observability..",
                        HOME + ".trace..", HOME + ".auth..", HOME + ".json..")
                .layer("config").definedBy(HOME + ".config..")
                .layer("sandbox").definedBy("dev.hearth.sandbox..")
                .layer("out-adapters").definedBy("dev.hearth.adapters..")
                .layer("ports").definedBy("dev.hearth.ports..")
                .whereLayer("root").mayNotBeAccessedByAnyLayer()
                .whereLayer("wiring").mayOnlyBeAccessedByLayers("root")
                .whereLayer("rest").mayOnlyBeAccessedByLayers("wiring", "cli")
                .whereLayer("admin").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("root")
                .whereLayer("sandbox").mayOnlyBeAccessedByLayers("wiring", "config", "cli")
                .whereLayer("out-adapters").mayOnlyBeAccessedByLayers("wiring", "runtime", "config", "sandbox", "admin",
                        "cli")
                .whereLayer("use cases").mayOnlyBeAccessedByLayers("wiring", "runtime", "admin", "cli", "config")
                .ensureAllClassesAreContainedInArchitecture()
                .check(hearth.that(resideInAnyPackage("dev.hearth.home..", "dev.hearth.sandbox..", "dev.hearth.adapters..",
                        "dev.hearth.ports..")));
    }

    @Test
    void restDependsOnTheUseCasesThroughTheirInPortsOnly() {
        noClasses().that().resideInAPackage(HOME + ".adapter.in.rest..")
                .should().dependOnClassesThat().resideInAnyPackage(HOME + ".application", HOME + ".application.bindings..",
                        HOME + ".migration..", HOME + ".runtime..", HOME + ".resilience..", HOME + ".config..")
                .check(hearth);
    }

    @Test
    void onlyTheCompositionRootUsesGuice() {
        noClasses().that().resideOutsideOfPackages(HOME, HOME + ".wiring..")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .check(hearth);
    }
}
