package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code launcher.jar cluster} in-process, for everything that ends before a process starts. */
class ClusterCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String line) {
        return Launcher.run(line.split(" "), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), RuntimePreload.none());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "cluster x.Y", "cluster -p 0 x.Y", "cluster -p two x.Y", "cluster -p 2",
        "cluster -p 2 -w 0 x.Y", "cluster -p 2 --epoch-interval 5x x.Y", "cluster -p 2 -cp /does/not/exist x.Y",
        "cluster -p 2 x.Y:create(1,", "cluster -p 2 -i 0 x.Y", "cluster -p 2 -a 127.0.0.1:1 x.Y",
        "-w 2 cluster -p 2 x.Y", "cluster -p 2 x.Y extra"})
    void badCommandLinesExitWithTwoBeforeStartingAnyProcess(String line) {
        assertEquals(ExitCode.USAGE, run(line), err());
        assertTrue(err().startsWith("waxwing: "), err());
    }

    @Test
    void processIdsAndAddressesAreRefusedWithTheReason() {
        run("cluster -p 2 -i 1 x.Y");
        assertTrue(err().contains("cluster chooses the process ids and addresses itself"), err());
    }

    @Test
    void optionsBeforeTheSubcommandAreRefusedRatherThanDropped() {
        run("--epoch-interval 1s cluster -p 2 x.Y");
        assertTrue(err().contains("options before 'cluster' are not passed on (--epoch-interval)"), err());
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("cluster -p N [OPTIONS] IMPORT_STR"));
        out.reset();
        assertEquals(0, run("cluster --help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String s : new String[] {"-p, --processes=N", "--no-stdout-prefix", "-w, --workers-per-process=N",
            "--epoch-interval=DURATION", "--recovery-dir=DIR", "--backup-interval=DURATION", "-cp, --classpath=PATHS",
            "production", "130", "143"}) {
            assertTrue(help.contains(s), "cluster --help lacks " + s + ":\n" + help);
        }
    }

    @Test
    void everyProcessGetsTheRunOptionsItsIdAndEveryAddress() {
        ClusterCommand command = new ClusterCommand();
        new CommandLine(command).parseArgs("-p", "2", "-w", "3", "--epoch-interval", "250ms", "--recovery-dir", "db",
                "--backup-interval", "1m", "-cp", "a.jar", "-cp", "b", "--no-stdout-prefix", "x.Y:f(1)");
        assertEquals(List.of("-w", "3", "--epoch-interval", "PT0.25S", "--recovery-dir", Path.of("db").toString(),
                "--backup-interval", "PT1M", "-cp", "a.jar", "-cp", "b"), command.runOptions());

        LocalCluster cluster = new LocalCluster(List.of("java", "-Dx=y", "-jar", "launcher.jar"), command.runOptions(),
                "x.Y:f(1)", 2, true, System.out, System.err);
        assertEquals(List.of("java", "-Dx=y", "-jar", "launcher.jar", "-w", "3", "--epoch-interval", "PT0.25S",
                "--recovery-dir", Path.of("db").toString(), "--backup-interval", "PT1M", "-cp", "a.jar", "-cp", "b",
                "-i", "1", "-a", "127.0.0.1:5001", "-a", "127.0.0.1:5002", "x.Y:f(1)"),
                cluster.command(1, List.of("127.0.0.1:5001", "127.0.0.1:5002")));
    }

    @Test
    void processesStartWithThisJavaAndThisJvmsFlags() {
        List<String> command = LocalCluster.launcherCommand();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertEquals(flags, command.subList(1, 1 + flags.size()));
        // Run from the module's classes here, not from a jar: the same class path and main class.
        assertEquals(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()),
                command.subList(1 + flags.size(), command.size()));
    }

    @Test
    void freeAddressesAreDistinctLoopbackPorts() {
        List<String> addresses = LocalCluster.freeAddresses(5);
        assertEquals(5, new HashSet<>(addresses).size(), addresses::toString);
        assertTrue(addresses.stream().allMatch(a -> a.matches("127\\.0\\.0\\.1:\\d+")), addresses::toString);
    }

    @Test
    void outputLinesArePrefixedWholeAndTheirBytesKept() {
        byte[] text = "caf\u00e9 1\n\nlast without newline".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream to = new ByteArrayOutputStream();
        LocalCluster.copyLines(new ByteArrayInputStream(text), new PrintStream(to, true, StandardCharsets.UTF_8),
                "[3] ".getBytes(StandardCharsets.US_ASCII));
        assertEquals("[3] caf\u00e9 1\n[3] \n[3] last without newline\n", to.toString(StandardCharsets.UTF_8));

        to.reset();
        LocalCluster.copyLines(new ByteArrayInputStream(text), new PrintStream(to, true, StandardCharsets.UTF_8),
                new byte[0]);
        assertEquals("caf\u00e9 1\n\nlast without newline\n", to.toString(StandardCharsets.UTF_8));
    }
}
