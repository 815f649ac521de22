package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapOptionsTest {
    private static final Config STATIC = ConfigFactory.parseString("waxwing.cluster.formation = static");

    private static Environment env(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new Environment(m);
    }

    @Test
    void offByDefaultAndThenItsOptionsAreRefused() {
        assertFalse(BootstrapOptions.resolve(false, null, null, null, null, env(), STATIC).enabled());
        LaunchException e = assertThrows(LaunchException.class,
                () -> BootstrapOptions.resolve(false, 3, null, null, null, env(), STATIC));
        assertTrue(e.getMessage().startsWith("--processes belongs to the bootstrap formation; add --bootstrap"),
                e.getMessage());
    }

    @Test
    void theOptionTheVariableOrTheConfigurationTurnItOn() {
        assertTrue(BootstrapOptions.resolve(true, 3, null, null, null, env(), STATIC).enabled());
        assertTrue(BootstrapOptions.resolve(false, null, null, null, null,
                env("WAXWING_BOOTSTRAP", "true", "WAXWING_PROCESSES", "3"), STATIC).enabled());
        assertFalse(BootstrapOptions.resolve(false, null, null, null, null,
                env("WAXWING_BOOTSTRAP", "false"), ConfigFactory.parseString("waxwing.cluster.formation = bootstrap"))
                .enabled(), "the variable overrides the configuration");
        BootstrapOptions fromConfig = BootstrapOptions.resolve(false, null, null, null, null,
                env("WAXWING_PROCESSES", "4"), ConfigFactory.parseString("waxwing.cluster.formation = bootstrap"));
        assertEquals(new BootstrapOptions(true, 4, null, null), fromConfig);
        LaunchException bad = assertThrows(LaunchException.class, () -> BootstrapOptions.resolve(false, null, null,
                null, null, env(), ConfigFactory.parseString("waxwing.cluster.formation = gossip")));
        assertTrue(bad.getMessage().contains("neither static nor bootstrap"), bad.getMessage());
    }

    @Test
    void theProcessCountIsRequired() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> BootstrapOptions.resolve(true, null, null, null, null, env(), STATIC));
        assertTrue(e.getMessage().contains("give --processes N or WAXWING_PROCESSES"), e.getMessage());
        assertThrows(LaunchException.class, () -> BootstrapOptions.resolve(true, 0, null, null, null, env(), STATIC));
    }

    @Test
    void addressesBelongToTheStaticFormation() {
        LaunchException option = assertThrows(LaunchException.class, () -> BootstrapOptions.resolve(true, 2, null,
                List.of("h:1"), null, env(), STATIC));
        assertTrue(option.getMessage().contains("-a/--addresses lists addresses"), option.getMessage());
        LaunchException hostfile = assertThrows(LaunchException.class, () -> BootstrapOptions.resolve(true, 2, null,
                null, null, env("WAXWING_HOSTFILE_PATH", "/etc/hosts"), STATIC));
        assertTrue(hostfile.getMessage().contains("WAXWING_HOSTFILE_PATH is set"), hostfile.getMessage());
    }

    @Test
    void theIdIsThePodOrdinalWhenTheStatefulSetIsKnownElseAgreedLater() {
        BootstrapOptions pod = BootstrapOptions.resolve(true, null, null, null, null, env("WAXWING_PROCESSES", "3",
                "WAXWING_POD_NAME", "wordcount-2", "WAXWING_STATEFULSET_NAME", "wordcount"), STATIC);
        assertEquals(2, pod.processId());
        assertNull(BootstrapOptions.resolve(true, 3, null, null, null, env(), STATIC).processId());
        LaunchException outside = assertThrows(LaunchException.class, () -> BootstrapOptions.resolve(true, null, null,
                null, null, env("WAXWING_PROCESSES", "2", "WAXWING_POD_NAME", "wordcount-2",
                        "WAXWING_STATEFULSET_NAME", "wordcount"), STATIC));
        assertTrue(outside.getMessage().contains("process id 2, which is outside 0..1 for WAXWING_PROCESSES 2"),
                outside.getMessage());
    }

    @Test
    void theBindAddressIsChecked() {
        assertEquals("10.0.0.5:7355", BootstrapOptions.resolve(true, 2, null, null, null,
                env("WAXWING_BIND", "10.0.0.5:7355"), STATIC).bind());
        LaunchException e = assertThrows(LaunchException.class,
                () -> BootstrapOptions.resolve(true, 2, null, null, "10.0.0.5", env(), STATIC));
        assertTrue(e.getMessage().startsWith("--bind: '10.0.0.5' is not a HOST:PORT address"), e.getMessage());
    }
}
