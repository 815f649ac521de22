package io.waxwing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The persistence module's package boundaries, as its {@code package-info.java} files state them. */
class PersistenceArchitectureTest {
    private static JavaClasses persistence;

    @BeforeAll
    static void load() {
        persistence = ModuleClasses.load();
    }

    @Test
    void persistenceNeverDependsOnTheClusterOrTheLauncher() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.waxwing.run..", "io.waxwing.launcher..")
                .check(persistence);
    }

    @Test
    void thePublicRecoveryApiExposesNoEngineOrInternalType() {
        classes().that().resideInAPackage("io.waxwing.recovery")
                .should(PublicSignatures.exposeNoTypeThat("engine or internal", PublicSignatures::engineOrInternal))
                .check(persistence);
    }

    @Test
    void thePublicRecoveryApiDependsOnlyOnItsInternalsErrorsPekkoAndConfig() {
        classes().that().resideInAPackage("io.waxwing.recovery").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.waxwing.recovery", "io.waxwing.recovery.internal",
                        "io.waxwing.errors", "org.apache.pekko..", "com.typesafe.config..")
                .check(persistence);
    }

    @Test
    void theStoreUsesOnlyTheEnginesRecoverySpiNeverTheEngineItself() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.waxwing.engine").check(persistence);
    }

    @Test
    void theInternalsNeverCallUpIntoTheRuntimeFacade() {
        noClasses().that().resideInAPackage("io.waxwing.recovery.internal").should().dependOnClassesThat()
                .resideInAPackage("io.waxwing.recovery.runtime").check(persistence);
    }

    @Test
    void theRuntimeFacadeDependsOnlyOnTheStoreTheSpiAndPekko() {
        classes().that().resideInAPackage("io.waxwing.recovery.runtime").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.waxwing.recovery..", "io.waxwing.engine.recovery",
                        "org.apache.pekko..", "com.typesafe.config..")
                .check(persistence);
    }
}
