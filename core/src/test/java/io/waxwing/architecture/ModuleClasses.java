package io.waxwing.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The main classes of the module whose tests run, as ArchUnit sees them (not its dependencies'). */
public final class ModuleClasses {
    private ModuleClasses() {
    }

    /** Imports {@code target/classes} of the module the tests run in (Surefire runs them in its folder). */
    public static JavaClasses load() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled classes at " + classes.toAbsolutePath()
                    + "; run the architecture tests through Maven, from the module's folder");
        }
        return new ClassFileImporter().importPath(classes);
    }
}
