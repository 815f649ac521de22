package io.waxwing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launcher uses the public API of the other modules only, as its {@code package-info.java} states. */
class LauncherArchitectureTest {
    private static JavaClasses launcher;

    @BeforeAll
    static void load() {
        launcher = ModuleClasses.load();
    }

    @Test
    void theLauncherNeverReachesIntoTheEngineTheActorRuntimeOrAnyInternalPackage() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.waxwing.engine..", "io.waxwing..internal..",
                "org.apache.pekko..").check(launcher);
    }
}
