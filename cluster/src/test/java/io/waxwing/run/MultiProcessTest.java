package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several real JVM processes on 127.0.0.1 forming one cluster through {@code clusterMain}. */
@Timeout(180)
class MultiProcessTest {
    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    static List<String> freeAddresses(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> addrs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
                sockets.add(s);
                addrs.add("127.0.0.1:" + s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return addrs;
    }

    private Process start(int procId, int workers, String variant, List<String> addrs) throws IOException {
        return start(procId, workers, variant, addrs, List.of());
    }

    private Process start(int procId, int workers, String variant, List<String> addrs, List<String> jvmOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterProcessMain.class.getName(),
                Integer.toString(procId), Integer.toString(workers), variant));
        cmd.addAll(addrs);
        Path log = tmp.resolve("proc" + procId + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private String output(int procId) throws IOException {
        String out = Files.readString(tmp.resolve("proc" + procId + ".log"), StandardCharsets.UTF_8);
        // Kept in the test report, for when a cluster test fails on CI.
        System.out.println("---- process " + procId + " ----");
        out.lines().filter(l -> !l.startsWith("RESULT ")).forEach(System.out::println);
        return out;
    }

    private static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (int p = 0; p < 8; p++) {
            for (String line : ClusterProcessMain.lines(p)) {
                for (String w : line.split(" ")) {
                    counts.merge(w, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private void runCluster(int procs, int workers) throws Exception {
        runCluster(procs, workers, List.of());
    }

    private void runCluster(int procs, int workers, List<String> jvmOptions) throws Exception {
        List<String> addrs = freeAddresses(procs);
        // Start in reverse order: processes may come up in any order.
        for (int p = procs - 1; p >= 0; p--) {
            start(p, workers, "same", addrs, jvmOptions);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (int p = 0; p < procs; p++) {
            Process proc = processes.get(procs - 1 - p);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "process did not finish");
        }
        for (int p = 0; p < procs; p++) {
            String out = output(p);
            assertTrue(out.contains("DONE"), "process " + p + " did not complete:\n" + out);
            for (String line : out.lines().toList()) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ");
                    Long previous = actual.put(parts[1], Long.parseLong(parts[2]));
                    assertEquals(null, previous, "key " + parts[1] + " counted on two workers");
                }
            }
        }
        assertEquals(expectedCounts(), actual);
    }

    @Test
    void twoProcessesWithTwoWorkersEachCountExactly() throws Exception {
        runCluster(2, 2);
    }

    @Test
    void threeProcessesWithOneWorkerEachCountExactly() throws Exception {
        runCluster(3, 1);
    }

    private void awaitStarted(int procId, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path log = tmp.resolve("proc" + procId + ".log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("started with")) {
                return;
            }
            assertTrue(p.isAlive(), "process " + procId + " exited before the execution started");
            Thread.sleep(100);
        }
        throw new AssertionError("process " + procId + " did not start the execution in time");
    }

    @Test
    void killingOneProcessStopsTheOthersNamingTheLostProcess() throws Exception {
        List<String> addrs = freeAddresses(3);
        Process p0 = start(0, 1, "forever", addrs);
        Process p1 = start(1, 1, "forever", addrs);
        Process p2 = start(2, 1, "forever", addrs);
        awaitStarted(0, p0);
        awaitStarted(1, p1);
        awaitStarted(2, p2);
        long killedAt = System.nanoTime();
        p1.destroyForcibly();
        assertTrue(p0.waitFor(30, TimeUnit.SECONDS), "process 0 still running 30 s after process 1 was killed");
        assertTrue(p2.waitFor(30 - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt), TimeUnit.SECONDS),
                "process 2 still running 30 s after process 1 was killed");
        assertEquals(1, p0.exitValue());
        assertEquals(1, p2.exitValue());
        assertTrue(output(0).contains("lost process 1 (" + addrs.get(1) + ")"), output(0));
        assertTrue(output(2).contains("lost process 1 (" + addrs.get(1) + ")"), output(2));
    }

    @Test
    void anAddressInUseIsAClearErrorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<String> addrs = List.of("127.0.0.1:" + taken.getLocalPort(), freeAddresses(1).get(0));
            Process p0 = start(0, 1, "same", addrs);
            assertTrue(p0.waitFor(60, TimeUnit.SECONDS), "did not stop");
            assertEquals(1, p0.exitValue(), output(0));
            assertTrue(output(0).contains("address 127.0.0.1:" + taken.getLocalPort() + " of process 0 is already in use"),
                    output(0));
        }
    }

    /** Makes a PKCS12 key store with a fresh self-signed key, and a trust store holding its certificate. */
    private List<Path> throwawayCertificate(String name) throws Exception {
        Path keyStore = tmp.resolve(name + ".p12");
        Path cert = tmp.resolve(name + ".crt");
        Path trustStore = tmp.resolve(name + "-trust.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (List<String> cmd : List.of(
                List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname",
                        "CN=" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                        "-storepass", "changeit"),
                List.of(keytool, "-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass",
                        "changeit", "-file", cert.toString()),
                List.of(keytool, "-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-storetype",
                        "PKCS12", "-keystore", trustStore.toString(), "-storepass", "changeit"))) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        }
        return List.of(keyStore, trustStore);
    }

    private static List<String> tlsOptions(List<Path> stores) {
        return List.of("-Dwaxwing.cluster.tls.enabled=on",
                "-Dwaxwing.cluster.tls.key-store=" + stores.get(0),
                "-Dwaxwing.cluster.tls.key-store-password=changeit",
                "-Dwaxwing.cluster.tls.trust-store=" + stores.get(1),
                "-Dwaxwing.cluster.tls.trust-store-password=changeit");
    }

    @Test
    void processesWithTheRightCertificatesRunOverTls() throws Exception {
        runCluster(2, 1, tlsOptions(throwawayCertificate("node")));
    }

    @Test
    void aProcessWithoutTheRightCertificateCannotJoin() throws Exception {
        List<String> addrs = freeAddresses(2);
        List<String> shortFormation = List.of("-Dwaxwing.cluster.formation-timeout=20s");
        List<String> good = new ArrayList<>(tlsOptions(throwawayCertificate("node")));
        good.addAll(shortFormation);
        List<String> rogue = new ArrayList<>(tlsOptions(throwawayCertificate("rogue")));
        rogue.addAll(shortFormation);
        Process p0 = start(0, 1, "same", addrs, good);
        Process p1 = start(1, 1, "same", addrs, rogue);
        assertTrue(p0.waitFor(90, TimeUnit.SECONDS) && p1.waitFor(90, TimeUnit.SECONDS), "did not stop");
        assertEquals(1, p1.exitValue(), output(1));
        assertTrue(output(1).contains("the cluster did not form within"), output(1));
        assertEquals(1, p0.exitValue(), output(0));
        assertTrue(output(0).contains("the cluster did not form within"), output(0));
        assertTrue(!output(0).contains("RESULT") && !output(1).contains("RESULT"), "no data may flow");
    }

    @Test
    void aProcessWithADifferentDataflowStopsEveryProcess() throws Exception {
        List<String> addrs = freeAddresses(2);
        Process p0 = start(0, 1, "same", addrs);
        Process p1 = start(1, 1, "different", addrs);
        assertTrue(p0.waitFor(60, TimeUnit.SECONDS) && p1.waitFor(60, TimeUnit.SECONDS), "did not stop");
        assertEquals(1, p0.exitValue(), output(0));
        assertEquals(1, p1.exitValue(), output(1));
        assertTrue(output(0).contains("process 1 built a different dataflow"), output(0));
        assertTrue(output(1).contains("process 1 built a different dataflow"), output(1));
    }
}
