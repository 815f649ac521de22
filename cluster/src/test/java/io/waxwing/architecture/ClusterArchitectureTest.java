package io.waxwing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster module's package boundaries, as its {@code package-info.java} files state them. */
class ClusterArchitectureTest {
    private static JavaClasses cluster;

    @BeforeAll
    static void load() {
        cluster = ModuleClasses.load();
    }

    @Test
    void theClusterReachesTheRecoveryStoreOnlyThroughItsRuntimeFacade() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.waxwing.recovery.internal..").check(cluster);
    }

    @Test
    void theClusterNeverDependsOnTheLauncher() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.waxwing.launcher..").check(cluster);
    }

    @Test
    void onlyOperationsReachesPrometheusAndPekkoManagement() {
        noClasses().that().resideOutsideOfPackage("io.waxwing.run.internal.ops").should().dependOnClassesThat()
                .resideInAnyPackage("io.prometheus..", "org.apache.pekko.management..", "org.apache.pekko.http..")
                .check(cluster);
    }

    @Test
    void theEntryPointsExposeNoEngineOrInternalType() {
        classes().that().resideInAPackage("io.waxwing.run")
                .should(PublicSignatures.exposeNoTypeThat("engine or internal", PublicSignatures::engineOrInternal))
                .check(cluster);
    }

    @Test
    void theEntryPointsDependOnlyOnTheApiTheEngineTheRecoveryFacadeAndTheirInternals() {
        classes().that().resideInAPackage("io.waxwing.run").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.waxwing.run..", "io.waxwing.dataflow", "io.waxwing.engine..",
                        "io.waxwing.recovery", "io.waxwing.recovery.runtime", "io.waxwing.errors",
                        "com.typesafe.config..")
                .check(cluster);
    }
}
