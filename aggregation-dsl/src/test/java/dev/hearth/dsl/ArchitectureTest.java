package dev.hearth.dsl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine depends on no framework, and its internal package is no part of its API. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hearth.dsl");

    @Test
    void theCheckedPackagesAreNotEmpty() {
        for (String pkg : new String[] {"dev.hearth.dsl", "dev.hearth.dsl.spi", "dev.hearth.dsl.internal"}) {
            assertThat(MAIN.stream().filter(c -> c.getPackageName().equals(pkg)).count()).as(pkg).isGreaterThan(3);
        }
    }

    @Test
    void theEngineDependsOnlyOnTheJdkSnakeYamlAndSlf4j() {
        classes().that().resideInAPackage("dev.hearth.dsl..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hearth.dsl..", "java..",
                        "org.yaml.snakeyaml..", "org.slf4j..")
                .check(MAIN);
    }

    @Test
    void theSpiDoesNotUseInternals() {
        classes().that().resideInAPackage("dev.hearth.dsl.spi..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("dev.hearth.dsl.internal..")
                .check(MAIN);
    }

    @Test
    void noPublicSignatureOutsideInternalMentionsAnInternalType() {
        DescribedPredicate<JavaClass> internal = JavaClass.Predicates.resideInAPackage("dev.hearth.dsl.internal..");
        methods().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("dev.hearth.dsl.internal..")
                .should().notHaveRawReturnType(internal)
                .andShould().notHaveRawParameterTypes(DescribedPredicate.anyElementThat(internal))
                .check(MAIN);
    }
}
