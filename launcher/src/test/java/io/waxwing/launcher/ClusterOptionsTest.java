package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterOptionsTest {
    private static final Environment NO_ENV = new Environment(Map.of());

    @TempDir
    Path dir;

    @Test
    void noOptionsMeansASingleProcessWithoutAddresses() {
        ClusterOptions c = ClusterOptions.resolve(null, null, NO_ENV);
        assertNull(c.processId());
        assertEquals(List.of(), c.addresses());
    }

    @Test
    void repeatedAndSemicolonSeparatedAddressesAreJoinedInOrder() {
        ClusterOptions c = ClusterOptions.resolve(1, List.of("a:1;b:2", "c:3"), NO_ENV);
        assertEquals(List.of("a:1", "b:2", "c:3"), c.addresses());
        assertEquals(1, c.processId());
    }

    @Test
    void environmentGivesDefaultsAndOptionsWin() {
        Environment env = new Environment(Map.of("WAXWING_ADDRESSES", "x:1;y:2", "WAXWING_PROCESS_ID", "1"));
        assertEquals(new ClusterOptions(1, List.of("x:1", "y:2")), ClusterOptions.resolve(null, null, env));
        assertEquals(new ClusterOptions(0, List.of("x:1", "y:2")), ClusterOptions.resolve(0, null, env));
        assertEquals(new ClusterOptions(0, List.of("z:9")), ClusterOptions.resolve(0, List.of("z:9"), env));
    }

    @Test
    void podOrdinalIsTheProcessIdWhenNoneIsGiven() {
        Environment env = new Environment(Map.of("WAXWING_POD_NAME", "wax-flow-2", "WAXWING_STATEFULSET_NAME",
                "wax-flow", "WAXWING_ADDRESSES", "a:1;b:1;c:1"));
        assertEquals(2, ClusterOptions.resolve(null, null, env).processId());
        assertEquals(0, ClusterOptions.resolve(0, null, env).processId());
    }

    @Test
    void hostfileGivesTheAddressesWhenNoneAreGiven() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "wax-0.wax:9999\n\n  wax-1.wax:9999  \n");
        Environment env = new Environment(Map.of("WAXWING_HOSTFILE_PATH", hosts.toString(), "WAXWING_POD_NAME",
                "wax-1", "WAXWING_STATEFULSET_NAME", "wax"));
        assertEquals(new ClusterOptions(1, List.of("wax-0.wax:9999", "wax-1.wax:9999")),
                ClusterOptions.resolve(null, null, env));
        assertEquals(List.of("other:1"), ClusterOptions.resolve(0, List.of("other:1"), env).addresses());
    }

    @Test
    void aSingleAddressDefaultsToProcessZero() {
        assertEquals(0, ClusterOptions.resolve(null, List.of("localhost:2101"), NO_ENV).processId());
    }

    @Test
    void processIdWithoutAddressesIsAnError() {
        LaunchException e = assertThrows(LaunchException.class, () -> ClusterOptions.resolve(0, null, NO_ENV));
        assertTrue(e.getMessage().contains("--process-id"), e.getMessage());
        Environment pod = new Environment(Map.of("WAXWING_POD_NAME", "w-0", "WAXWING_STATEFULSET_NAME", "w"));
        e = assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, null, pod));
        assertTrue(e.getMessage().contains("WAXWING_POD_NAME"), e.getMessage());
    }

    @Test
    void processIdOutsideTheAddressListIsAnError() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> ClusterOptions.resolve(2, List.of("a:1", "b:1"), NO_ENV));
        assertTrue(e.getMessage().contains("outside the address list"), e.getMessage());
        assertThrows(LaunchException.class, () -> ClusterOptions.resolve(-1, List.of("a:1"), NO_ENV));
    }

    @Test
    void severalAddressesNeedAProcessId() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> ClusterOptions.resolve(null, List.of("a:1", "b:1"), NO_ENV));
        assertTrue(e.getMessage().contains("--process-id"), e.getMessage());
    }

    @Test
    void malformedValuesAreErrorsNamingTheirSource() {
        assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, List.of("nohost"), NO_ENV));
        assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, List.of("h:99999"), NO_ENV));
        LaunchException bad = assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, null,
                new Environment(Map.of("WAXWING_PROCESS_ID", "one", "WAXWING_ADDRESSES", "a:1"))));
        assertTrue(bad.getMessage().contains("WAXWING_PROCESS_ID"), bad.getMessage());
        LaunchException pod = assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, List.of("a:1"),
                new Environment(Map.of("WAXWING_POD_NAME", "other-0", "WAXWING_STATEFULSET_NAME", "wax"))));
        assertTrue(pod.getMessage().contains("other-0"), pod.getMessage());
        LaunchException missing = assertThrows(LaunchException.class, () -> ClusterOptions.resolve(null, null,
                new Environment(Map.of("WAXWING_HOSTFILE_PATH", dir.resolve("absent").toString()))));
        assertTrue(missing.getMessage().contains("WAXWING_HOSTFILE_PATH"), missing.getMessage());
    }

    @Test
    void bracketedIpv6AddressesAreAccepted() {
        assertEquals(List.of("[::1]:2101"), ClusterOptions.resolve(null, List.of("[::1]:2101"), NO_ENV).addresses());
    }
}
