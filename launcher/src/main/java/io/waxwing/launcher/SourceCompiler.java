package io.waxwing.launcher;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a single {@code .java} file in memory, the way {@code java MyFlow.java} does, so a
 * dataflow can be run from its source without a build: {@code java -jar launcher.jar MyFlow.java}.
 *
 * <p>The file is compiled against the launcher's own classpath (all of Waxwing and what it bundles)
 * plus the user's {@code -cp} entries, with the running JDK's compiler and language level;
 * annotation processing is off. Its classes are defined by a loader whose parent is the user's
 * loader. The class the import string then looks in is the first top-level type declared in the
 * file, as for {@code java MyFlow.java}. Needs a JDK: a bare JRE has no compiler.
 */
final class SourceCompiler {
    private final PrintStream err;

    /**
     * @param err where compile errors are printed (one javac-style diagnostic each) before the
     *            launcher reports the failure
     */
    SourceCompiler(PrintStream err) {
        this.err = err;
    }

    /** The compiled file: its first top-level class's binary name and the loader holding its classes. */
    record Compiled(String mainClass, ClassLoader loader) {
    }

    /**
     * Compiles {@code file}.
     *
     * @throws LaunchException when the file is missing, has no class, does not compile, or no
     *                         compiler is available
     */
    Compiled compile(Path file, UserClassPath userClassPath, ClassLoader parent) {
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("source file '" + file + "' not found");
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new LaunchException("cannot compile '" + file + "': this Java runtime (" + System.getProperty(
                    "java.home") + ") has no compiler; run the launcher with a JDK, or compile the dataflow and"
                    + " pass it with -cp");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
        try {
            // Only the one file is compiled: javac must not pick up other sources found on the classpath.
            standard.setLocation(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new LaunchException("cannot compile '" + file + "': " + e);
        }
        MemoryFileManager files = new MemoryFileManager(standard);
        List<String> options = List.of("-classpath", classPath(userClassPath), "-proc:none", "-encoding", "UTF-8");
        Iterable<? extends JavaFileObject> units = standard.getJavaFileObjects(file);
        JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), files, diagnostics, options, null, units);
        String mainClass;
        try {
            mainClass = firstTopLevelClass(task.parse());
            task.generate();
        } catch (IOException e) {
            throw new LaunchException("cannot read source file '" + file + "': " + e);
        } catch (IllegalStateException e) {
            throw new LaunchException("cannot compile '" + file + "': " + e.getMessage());
        }
        int errors = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors++;
                err.println(format(d, file));
            }
        }
        if (errors > 0) {
            throw new LaunchException("cannot compile '" + file + "': " + errors + " error" + (errors == 1 ? "" : "s")
                    + " (see above)");
        }
        if (mainClass == null) {
            throw new LaunchException("source file '" + file + "' declares no class");
        }
        return new Compiled(mainClass, new MemoryClassLoader(files.classes, parent));
    }

    private static String classPath(UserClassPath user) {
        String own = System.getProperty("java.class.path", "");
        String extra = user.asPathList();
        if (own.isEmpty()) {
            return extra;
        }
        return extra.isEmpty() ? own : own + File.pathSeparator + extra;
    }

    private static String firstTopLevelClass(Iterable<? extends CompilationUnitTree> units) {
        for (CompilationUnitTree unit : units) {
            String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString() + ".";
            for (Tree decl : unit.getTypeDecls()) {
                if (decl instanceof ClassTree c && !c.getSimpleName().isEmpty()) {
                    return pkg + c.getSimpleName();
                }
            }
        }
        return null;
    }

    private static String format(Diagnostic<? extends JavaFileObject> d, Path file) {
        String where = d.getSource() == null ? file.toString() : file + ":" + d.getLineNumber();
        return where + ": error: " + d.getMessage(Locale.ROOT);
    }

    /** Keeps the compiler's class files in memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, byte[]> classes = new ConcurrentHashMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT || kind != JavaFileObject.Kind.CLASS) {
                return super.getJavaFileForOutput(location, className, kind, sibling);
            }
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /** Defines the compiled classes; everything else comes from the parent (the user's loader). */
    private static final class MemoryClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = Map.copyOf(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
