/**
 * The command line, {@code java -jar launcher.jar}: parses the options and their {@code WAXWING_*}
 * environment defaults, locates the dataflow named by the import string (loading the user's
 * classpath or compiling a single {@code .java} file), runs it through
 * {@link io.waxwing.run.Execution#cliMain}, handles SIGINT/SIGTERM and maps the outcome to the exit
 * codes of SPEC §6. The {@code recovery} command group lives here too, and {@code cluster}, which
 * starts a whole cluster of launcher processes on this machine ({@code ClusterCommand}).
 *
 * <p>Depends on the public API of every other module ({@code io.waxwing.dataflow},
 * {@code io.waxwing.run}, {@code io.waxwing.recovery}, {@code io.waxwing.errors}) and on picocli;
 * nothing depends on it. It never reaches into the engine or the actor runtime.
 */
package io.waxwing.launcher;
