package io.waxwing.launcher;

import io.waxwing.dataflow.Dataflow;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link Dataflow} an {@link ImportString} points at, like Bytewax's
 * {@code _locate_dataflow}: loads the class (compiling a {@code .java} file first), then reads the
 * static field or calls the static method the import string names. Fields and methods need not be
 * public; inherited static ones count.
 *
 * <p>Every way this can go wrong — a class, field or method that is missing, a method that throws,
 * arguments that fit no overload, a value that is not a {@code Dataflow} — is a
 * {@link LaunchException} whose one-line message names what was looked for.
 */
final class DataflowLocator {
    private final UserClassPath classPath;
    private final SourceCompiler compiler;

    DataflowLocator(UserClassPath classPath, SourceCompiler compiler) {
        this.classPath = classPath;
        this.compiler = compiler;
    }

    /** A located dataflow and the loader of the class it came from (the user's code). */
    record Located(Dataflow flow, ClassLoader loader) {
    }

    /**
     * Locates the dataflow.
     *
     * @param userLoader the loader of the user's classpath (see {@link UserClassPath#loader})
     */
    Located locate(ImportString target, ClassLoader userLoader) {
        String className;
        ClassLoader loader;
        String where;
        if (target.sourceFile()) {
            SourceCompiler.Compiled compiled = compiler.compile(Path.of(target.target()), classPath, userLoader);
            className = compiled.mainClass();
            loader = compiled.loader();
            where = "class " + className + " (compiled from " + target.target() + ")";
        } else {
            className = target.target();
            loader = userLoader;
            where = "class " + className;
        }
        Class<?> type = load(className, loader, target);
        Object value = target.hasArguments() ? call(type, target, where) : read(type, target, where);
        String what = describe(type, target);
        if (value == null) {
            throw new LaunchException(what + " is null, not an " + Dataflow.class.getName());
        }
        if (!(value instanceof Dataflow flow)) {
            throw new LaunchException(what + " is a " + value.getClass().getName() + ", not an "
                    + Dataflow.class.getName());
        }
        return new Located(flow, loader);
    }

    private Class<?> load(String name, ClassLoader loader, ImportString target) {
        String candidate = name;
        while (true) {
            try {
                return Class.forName(candidate, true, loader);
            } catch (ClassNotFoundException e) {
                // com.acme.Outer.Inner is the binary name com.acme.Outer$Inner: try that before giving up.
                int dot = candidate.lastIndexOf('.');
                if (dot < 0 || target.sourceFile()) {
                    throw new LaunchException("class " + name + " not found on the classpath ("
                            + classPath.describe() + ")");
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            } catch (ExceptionInInitializerError e) {
                throw new LaunchException("initialising class " + candidate + " failed: " + e.getCause());
            } catch (LinkageError e) {
                throw new LaunchException("class " + candidate + " cannot be loaded: " + e);
            }
        }
    }

    /** {@code Class:name} (or the default {@code flow}): a static field, else a static no-argument method. */
    private static Object read(Class<?> type, ImportString target, String where) {
        String name = target.attributeOrDefault();
        Field field = field(type, name);
        if (field != null) {
            if (!Modifier.isStatic(field.getModifiers())) {
                throw new LaunchException("field '" + name + "' of " + where + " is not static; make it static,"
                        + " or add a static field or method that returns the dataflow");
            }
            try {
                field.setAccessible(true);
                return field.get(null);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new LaunchException("cannot read field '" + name + "' of " + where + ": " + e);
            }
        }
        List<Method> methods = methods(type, name);
        if (methods.isEmpty()) {
            String kind = target.attribute() == null ? "has no static field or no-argument static method named '"
                    : "has no field or method named '";
            throw new LaunchException(where + " " + kind + name + "'");
        }
        for (Method m : methods) {
            if (m.getParameterCount() == 0) {
                return invoke(m, new Object[0], target, type, where);
            }
        }
        List<String> signatures = new ArrayList<>();
        for (Method m : methods) {
            signatures.add(ArgumentBinder.signature(m));
        }
        throw new LaunchException("method '" + name + "' of " + where + " takes arguments (" + String.join(", ",
                signatures) + "); give them in the import string, e.g. " + type.getName() + ":" + name
                + "(\"text\", 3)");
    }

    /** {@code Class:name(args)}: the static method whose parameters the literal arguments fit. */
    private static Object call(Class<?> type, ImportString target, String where) {
        String name = target.attributeOrDefault();
        List<Method> methods = methods(type, name);
        String call = name + "(" + ArgumentList.format(target.arguments()) + ")";
        if (methods.isEmpty()) {
            String also = field(type, name) != null ? " ('" + name + "' is a field: drop the parentheses)" : "";
            throw new LaunchException(where + " has no method named '" + name + "'" + also);
        }
        List<Method> statics = new ArrayList<>();
        for (Method m : methods) {
            if (Modifier.isStatic(m.getModifiers())) {
                statics.add(m);
            }
        }
        ArgumentBinder.Binding binding = ArgumentBinder.bind(statics, target.arguments(), call + " of " + where);
        if (binding == null) {
            List<String> signatures = new ArrayList<>();
            for (Method m : methods) {
                signatures.add((Modifier.isStatic(m.getModifiers()) ? "static " : "instance ")
                        + ArgumentBinder.signature(m));
            }
            throw new LaunchException("no static method of " + where + " accepts " + call + "; it has "
                    + String.join(", ", signatures));
        }
        return invoke(binding.method(), binding.arguments(), target, type, where);
    }

    private static Object invoke(Method m, Object[] args, ImportString target, Class<?> type, String where) {
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new LaunchException("method '" + m.getName() + "' of " + where + " is not static; make it static");
        }
        try {
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new LaunchException(describe(type, target) + " threw " + e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            throw new LaunchException("cannot call method '" + m.getName() + "' of " + where + ": " + e);
        }
    }

    /** The field named {@code name} declared by {@code type} or a superclass, or {@code null}. */
    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !f.isSynthetic()) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The methods named {@code name} declared by {@code type} or a superclass, most specific first. */
    private static List<Method> methods(Class<?> type, String name) {
        List<Method> out = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isSynthetic() && !m.isBridge()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** {@code com.acme.Flows:create("x", 3)}: the import string as resolved, for messages. */
    private static String describe(Class<?> type, ImportString target) {
        String d = type.getName() + ":" + target.attributeOrDefault();
        return target.hasArguments() ? d + "(" + ArgumentList.format(target.arguments()) + ")" : d;
    }
}
