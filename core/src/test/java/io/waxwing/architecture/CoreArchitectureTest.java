package io.waxwing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core's package boundaries, as each {@code package-info.java} states them ("depends only on …"),
 * checked on the compiled classes: a violation fails {@code mvn verify}.
 */
class CoreArchitectureTest {
    /** The packages users program against; they never show an engine or internal type. */
    static final String[] PUBLIC_API = {"io.waxwing.dataflow", "io.waxwing.operators", "io.waxwing.windowing",
        "io.waxwing.inputs", "io.waxwing.outputs", "io.waxwing.testing", "io.waxwing.connectors..",
        "io.waxwing.errors"};

    private static JavaClasses core;

    @BeforeAll
    static void load() {
        core = ModuleClasses.load();
    }

    private static void onlyDependsOn(String pkg, String... allowed) {
        List<String> all = new ArrayList<>(List.of("java..", pkg));
        all.addAll(List.of(allowed));
        classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat()
                .resideInAnyPackage(all.toArray(String[]::new)).check(core);
    }

    @Test
    void coreImportsNoPekkoNoConfigLibraryAndNoMetricsLibrary() {
        // The engine reports metrics through its own EngineMetrics; the cluster exports them.
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.pekko..", "com.typesafe..", "io.prometheus..").check(core);
    }

    @Test
    void thePublicApiExposesNoEngineOrInternalType() {
        classes().that().resideInAnyPackage(PUBLIC_API)
                .should(PublicSignatures.exposeNoTypeThat("engine or internal", PublicSignatures::engineOrInternal))
                .check(core);
    }

    @Test
    void thePublicApiNeverReachesIntoTheEngine() {
        noClasses().that().resideInAnyPackage(PUBLIC_API).should().dependOnClassesThat()
                .resideInAnyPackage("io.waxwing.engine..").check(core);
    }

    @Test
    void errorsDependOnNothingElseInWaxwing() {
        onlyDependsOn("io.waxwing.errors");
    }

    @Test
    void inputsAndOperatorsDependOnlyOnTheJdk() {
        onlyDependsOn("io.waxwing.inputs");
        onlyDependsOn("io.waxwing.operators");
    }

    @Test
    void outputsAndWindowingDependOnlyOnTheDataflowApi() {
        onlyDependsOn("io.waxwing.outputs", "io.waxwing.dataflow");
        // The public clocks and windowers implement the nanosecond fast path of their own internals.
        onlyDependsOn("io.waxwing.windowing", "io.waxwing.dataflow", "io.waxwing.windowing.internal");
    }

    @Test
    void connectorsAndTestingDependOnlyOnThePublicSpi() {
        onlyDependsOn("io.waxwing.connectors..", "io.waxwing.dataflow", "io.waxwing.inputs", "io.waxwing.outputs");
        onlyDependsOn("io.waxwing.testing", "io.waxwing.dataflow", "io.waxwing.inputs", "io.waxwing.outputs");
    }

    @Test
    void theDataflowApiBuildsOnItsInternalsButNeverOnTheEngine() {
        onlyDependsOn("io.waxwing.dataflow", "io.waxwing.inputs", "io.waxwing.outputs", "io.waxwing.operators",
                "io.waxwing.windowing", "io.waxwing.errors", "io.waxwing.internal.graph", "io.waxwing.internal.join",
                "io.waxwing.windowing.internal");
    }

    @Test
    void internalPackagesDependOnlyOnWhatTheirPackageInfoSays() {
        onlyDependsOn("io.waxwing.internal.graph", "io.waxwing.dataflow", "io.waxwing.inputs", "io.waxwing.outputs",
                "io.waxwing.operators", "io.waxwing.errors");
        onlyDependsOn("io.waxwing.internal.join", "io.waxwing.operators");
        onlyDependsOn("io.waxwing.windowing.internal", "io.waxwing.windowing", "io.waxwing.operators",
                "io.waxwing.internal.join", "io.waxwing.internal.time", "io.waxwing.internal.prefetch");
        onlyDependsOn("io.waxwing.internal.time");
        onlyDependsOn("io.waxwing.internal.prefetch");
        onlyDependsOn("io.waxwing.internal.codec", "io.waxwing.dataflow", "io.waxwing.errors",
                "com.fasterxml.jackson..");
    }

    @Test
    void theRecoverySpiIsItsOwnPackageAndKnowsNothingOfTheEngine() {
        onlyDependsOn("io.waxwing.engine.recovery", "io.waxwing.dataflow");
    }

    @Test
    void theEngineDependsOnTheApiItRunsAndNeverOnConnectorsOrTestingHelpers() {
        noClasses().that().resideInAPackage("io.waxwing.engine..").should().dependOnClassesThat()
                .resideInAnyPackage("io.waxwing.connectors..", "io.waxwing.testing..", "com.fasterxml..")
                .check(core);
    }
}
