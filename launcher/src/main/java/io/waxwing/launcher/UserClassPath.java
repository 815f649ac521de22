package io.waxwing.launcher;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The user's own classes: the jars and folders of {@code -cp/--classpath} (or
 * {@code WAXWING_CLASSPATH}), a list separated by the platform's path separator ({@code :} on
 * Linux and macOS) like {@code java -cp}. An entry {@code dir/*} stands for every jar in
 * {@code dir}. Every entry must exist: a mistyped path is reported rather than silently ignored.
 *
 * <p>They are loaded by a {@link URLClassLoader} whose parent is the launcher's own loader, so
 * Waxwing's classes (and everything the launcher jar bundles) are always the launcher's, even when
 * a user jar bundles another copy.
 *
 * @param entries the jars and folders, in order
 * @param origin  where they came from ({@code --classpath} or {@code WAXWING_CLASSPATH}), for messages
 */
record UserClassPath(List<Path> entries, String origin) {

    UserClassPath {
        entries = List.copyOf(entries);
    }

    /** No user classes: dataflows come from the launcher jar or a {@code .java} file only. */
    static UserClassPath none() {
        return new UserClassPath(List.of(), "no user classpath");
    }

    /**
     * Parses a path-separator-separated list.
     *
     * @throws LaunchException naming an entry that does not exist
     */
    static UserClassPath parse(String list, String origin) {
        List<Path> out = new ArrayList<>();
        for (String raw : list.split(File.pathSeparator)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith(File.separator + "*") || entry.endsWith("/*")) {
                out.addAll(jarsIn(Path.of(entry.substring(0, entry.length() - 1)), entry, origin));
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new LaunchException(origin + " entry '" + entry + "' does not exist");
            }
            out.add(p);
        }
        return new UserClassPath(out, origin);
    }

    /** The loader for the user's classes; {@code parent} itself when there are none. */
    ClassLoader loader(ClassLoader parent) {
        if (entries.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new LaunchException(origin + " entry '" + entries.get(i) + "' is not a usable path: " + e);
            }
        }
        return new URLClassLoader(urls, parent);
    }

    /** The entries as a {@code javac -classpath} string. */
    String asPathList() {
        List<String> parts = new ArrayList<>();
        for (Path p : entries) {
            parts.add(p.toString());
        }
        return String.join(File.pathSeparator, parts);
    }

    /** A short description for "not found" messages. */
    String describe() {
        return entries.isEmpty() ? "the launcher jar only; add your classes with -cp/--classpath"
                : "the launcher jar and " + origin + " " + asPathList();
    }

    private static List<Path> jarsIn(Path dir, String entry, String origin) {
        Path d = dir.toString().isEmpty() ? Path.of(".") : dir;
        if (!Files.isDirectory(d)) {
            throw new LaunchException(origin + " entry '" + entry + "': '" + d + "' is not a folder");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
                if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                    jars.add(f);
                }
            }
        } catch (IOException e) {
            throw new LaunchException(origin + " entry '" + entry + "' cannot be listed: " + e);
        }
        jars.sort(null);
        return jars;
    }
}
