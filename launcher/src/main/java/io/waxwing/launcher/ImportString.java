package io.waxwing.launcher;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed {@code IMPORT_STR}, which says where the dataflow is (SPEC §6):
 *
 * <pre>
 * com.acme.Flows                          the static field or no-argument static method "flow"
 * com.acme.Flows:myFlow                   a static field myFlow, or a static method myFlow()
 * com.acme.Flows:create("out.txt", 3)     a static factory method called with literal arguments
 * path/to/MyFlow.java[:attr...]           a single source file, compiled in memory, then as above
 * </pre>
 *
 * A target ending in {@code .java} is a source file; anything else is a class name (binary or
 * canonical: {@code com.acme.Outer$Inner} or {@code com.acme.Outer.Inner}).
 *
 * @param text       the import string as given
 * @param target     the class name or the source file's path
 * @param sourceFile whether {@code target} is a {@code .java} file
 * @param attribute  the field or method name, or {@code null} for the default {@code flow}
 * @param arguments  the factory's literal arguments (see {@link ArgumentList}), or {@code null} when
 *                   no parentheses were given
 */
record ImportString(String text, String target, boolean sourceFile, String attribute, List<Object> arguments) {
    /** The attribute looked up when the import string names none. */
    static final String DEFAULT_ATTRIBUTE = "flow";

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");
    private static final Pattern CLASS_NAME = Pattern.compile(
            IDENTIFIER.pattern() + "(\\." + IDENTIFIER.pattern() + ")*");

    /**
     * Parses {@code text}.
     *
     * @throws LaunchException naming the part that does not parse
     */
    static ImportString parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new LaunchException("the import string is empty; give a class name, Class:attribute or a"
                    + " path to a .java file");
        }
        String target;
        String rest;
        boolean sourceFile;
        int java = sourceFileEnd(s);
        if (java > 0) {
            target = s.substring(0, java);
            rest = java == s.length() ? null : s.substring(java + 1);
            sourceFile = true;
        } else {
            int colon = s.indexOf(':');
            target = colon < 0 ? s : s.substring(0, colon);
            rest = colon < 0 ? null : s.substring(colon + 1);
            sourceFile = false;
            if (!CLASS_NAME.matcher(target).matches()) {
                throw new LaunchException("'" + target + "' in import string '" + text
                        + "' is neither a class name (com.acme.Flows) nor a path to a .java file");
            }
        }
        if (rest == null) {
            return new ImportString(text, target, sourceFile, null, null);
        }
        rest = rest.strip();
        int paren = rest.indexOf('(');
        String attribute = paren < 0 ? rest : rest.substring(0, paren).strip();
        if (!IDENTIFIER.matcher(attribute).matches()) {
            throw new LaunchException("'" + rest + "' in import string '" + text
                    + "' is not a field or method name (expected NAME or NAME(ARGUMENTS))");
        }
        if (paren < 0) {
            return new ImportString(text, target, sourceFile, attribute, null);
        }
        if (!rest.endsWith(")")) {
            throw new LaunchException("cannot parse the argument list of '" + rest + "' in import string '" + text
                    + "': it does not end with ')'");
        }
        List<Object> arguments;
        try {
            arguments = ArgumentList.parse(rest.substring(paren + 1, rest.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new LaunchException("cannot parse the argument list of " + attribute + "(...) in import string '"
                    + text + "': " + e.getMessage());
        }
        return new ImportString(text, target, sourceFile, attribute, List.copyOf(arguments));
    }

    /** The field or method to look up: the given attribute, or {@code flow}. */
    String attributeOrDefault() {
        return attribute == null ? DEFAULT_ATTRIBUTE : attribute;
    }

    /** Whether the import string calls a factory with an explicit (possibly empty) argument list. */
    boolean hasArguments() {
        return arguments != null;
    }

    /**
     * The end of a {@code .java} path at the start of {@code s}: followed by the end or a colon, and
     * before any argument list (whose strings may mention {@code .java} files themselves).
     */
    private static int sourceFileEnd(String s) {
        int paren = s.indexOf('(');
        String head = paren < 0 ? s : s.substring(0, paren);
        int from = 0;
        while (true) {
            int i = head.indexOf(".java", from);
            if (i < 0) {
                return -1;
            }
            int end = i + ".java".length();
            if (end == s.length() || s.charAt(end) == ':') {
                return end;
            }
            from = i + 1;
        }
    }
}
