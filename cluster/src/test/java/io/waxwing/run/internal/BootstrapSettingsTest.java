package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap formation's settings as far as they can be checked without Kubernetes or DNS: the
 * shipped Kubernetes configurations parse to the lookups Pekko makes (label selector, SRV name),
 * config discovery is checked up front, and the processes are numbered deterministically.
 */
class BootstrapSettingsTest {
    private static final Path KUBERNETES = Path.of("..", "conf", "kubernetes");

    private static Config root(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(EngineSettings.root()).resolve();
    }

    private static Config shipped(String file) {
        Config conf = ConfigFactory.parseFile(KUBERNETES.resolve(file).toFile());
        assertTrue(!conf.isEmpty(), "conf/kubernetes/" + file + " exists and is not empty");
        return conf.withFallback(EngineSettings.root()).resolve();
    }

    @Test
    void theKubernetesApiVariantListsThePodsLabelledWithTheServiceNameOnTheirManagementPort() {
        Config root = shipped("bootstrap-kubernetes-api.conf");
        assertEquals("bootstrap", root.getString("waxwing.cluster.formation"));
        BootstrapSettings s = BootstrapSettings.of(root, 3, 2, "10.0.0.7:7355");
        assertEquals("kubernetes-api", s.method());
        assertEquals("wordcount", s.serviceName());
        assertEquals("app=wordcount", BootstrapSettings.labelSelector(root, s.serviceName()));
        assertEquals("pods labelled app=wordcount, port 'management' (kubernetes-api)", s.lookup());
        assertEquals("org.apache.pekko.discovery.kubernetes.KubernetesApiServiceDiscovery",
                root.getString("pekko.discovery.kubernetes-api.class"), "the discovery module is on the class path");
    }

    @Test
    void theDnsVariantLooksUpTheSrvRecordsOfTheManagementPort() {
        Config root = shipped("bootstrap-dns.conf");
        BootstrapSettings s = BootstrapSettings.of(root, 3, null, null);
        assertEquals("pekko-dns", s.method());
        assertEquals("wordcount.default.svc.cluster.local", s.serviceName());
        assertEquals("DNS SRV records of _management._tcp.wordcount.default.svc.cluster.local (pekko-dns)",
                s.lookup());
    }

    @Test
    void dnsWithoutAPortNameLooksUpAddressRecords() {
        BootstrapSettings s = BootstrapSettings.of(root("""
                pekko.management.cluster.bootstrap.contact-point-discovery {
                  discovery-method = pekko-dns
                  service-name = flows.example.com
                }"""), 2, null, null);
        assertEquals("DNS A/AAAA records of flows.example.com (pekko-dns)", s.lookup());
    }

    @Test
    void aLabelSelectorPatternIsAppliedToTheServiceName() {
        Config root = root("""
                pekko.management.cluster.bootstrap.contact-point-discovery {
                  discovery-method = kubernetes-api
                  service-name = wc
                }
                pekko.discovery.kubernetes-api.pod-label-selector = "waxwing.io/flow=%s,tier=stream"
                """);
        assertEquals("pods labelled waxwing.io/flow=wc,tier=stream (kubernetes-api)",
                BootstrapSettings.of(root, 2, null, null).lookup());
    }

    private static final String CONFIG_DISCOVERY = """
            pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method = config
            pekko.discovery.config.services.waxwing.endpoints = [
              { host = "127.0.0.1", port = 7001 }, { host = "127.0.0.1", port = 7002 }
            ]
            """;

    @Test
    void configDiscoveryDefaultsTheServiceToTheActorSystemsName() {
        BootstrapSettings s = BootstrapSettings.of(root(CONFIG_DISCOVERY), 2, null, "127.0.0.1:2552");
        assertEquals("config", s.method());
        assertEquals("waxwing", s.serviceName());
        assertEquals("service 'waxwing' in pekko.discovery.config (2 endpoints)", s.lookup());
    }

    @Test
    void configDiscoveryListingTooFewContactPointsIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrapSettings.of(root(CONFIG_DISCOVERY), 3, null, null));
        assertTrue(e.getMessage().contains("lists 2 contact points for service 'waxwing'"), e.getMessage());
        assertTrue(e.getMessage().contains("3 processes must form the cluster"), e.getMessage());
    }

    @Test
    void configDiscoveryWithoutTheServiceNamesThePathToSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(root("""
                pekko.management.cluster.bootstrap.contact-point-discovery {
                  discovery-method = config
                  service-name = flows
                }"""), 2, null, null));
        assertTrue(e.getMessage().contains("pekko.discovery.config.services.flows.endpoints"), e.getMessage());
    }

    @Test
    void noDiscoveryMethodNamesTheSettingAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrapSettings.of(root(""), 2, null, null));
        assertTrue(e.getMessage().contains("contact-point-discovery.discovery-method to config, pekko-dns or"
                + " kubernetes-api"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(
                root("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method = consul"), 2,
                null, null));
        assertTrue(unknown.getMessage().contains("'consul'"), unknown.getMessage());
    }

    @Test
    void seedNodesAndIdsOutsideTheProcessCountAreRefused() {
        IllegalArgumentException seeds = assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(
                root(CONFIG_DISCOVERY + "pekko.cluster.seed-nodes = [\"pekko://waxwing@h:1\"]"), 2, null, null));
        assertTrue(seeds.getMessage().contains("remove the seed nodes"), seeds.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> BootstrapSettings.of(root(CONFIG_DISCOVERY), 2, 2, null));
        assertTrue(id.getMessage().contains("process id 2 is outside 0..1"), id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BootstrapSettings.of(root(CONFIG_DISCOVERY), 0, null, null));
    }

    @Test
    void theSystemCarriesTheCountAndIdAsRolesAndRequiresEveryContactPoint() {
        Config root = root(CONFIG_DISCOVERY + "waxwing.management.port = 7001");
        Config c = BootstrapSettings.of(root, 2, 1, "127.0.0.1:2552").systemConfig(root);
        assertEquals(List.of("waxwing-processes-2", "waxwing-process-1"), c.getStringList("pekko.cluster.roles"));
        assertEquals(2, c.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals("127.0.0.1", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("127.0.0.1", c.getString("pekko.management.http.hostname"));
        assertEquals(7001, c.getInt("pekko.management.http.port"));
        assertTrue(!c.hasPath("pekko.management.http.bind-hostname"));
        Config k8s = root(CONFIG_DISCOVERY + "waxwing.management.host = \"0.0.0.0\"");
        Config onPod = BootstrapSettings.of(k8s, 2, 1, "10.1.2.3:7355").systemConfig(k8s);
        assertEquals("10.1.2.3", onPod.getString("pekko.management.http.hostname"),
                "the advertised contact point is the pod's address");
        assertEquals("0.0.0.0", onPod.getString("pekko.management.http.bind-hostname"));
        assertEquals(List.of("waxwing-processes-2"),
                BootstrapSettings.of(root, 2, null, null).systemConfig(root).getStringList("pekko.cluster.roles"));
    }

    @SafeVarargs
    private static Map<String, Set<String>> members(Map.Entry<String, Set<String>>... addressAndRoles) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : addressAndRoles) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static Map.Entry<String, Set<String>> member(String address, String... roles) {
        return Map.entry(address, Set.of(roles));
    }

    @Test
    void withoutIdsTheProcessesAreNumberedByHostThenPortNumber() {
        BootstrapSettings s = BootstrapSettings.of(root(CONFIG_DISCOVERY), 2, null, null);
        String two = "waxwing-processes-2";
        List<String> order = List.of("10.0.0.1:9000", "10.0.0.1:10000");
        assertEquals(order, s.order(members(member("10.0.0.1:10000", two), member("10.0.0.1:9000", two))));
        assertEquals(order, s.order(members(member("10.0.0.1:9000", two), member("10.0.0.1:10000", two))),
                "the same members in any order give the same ids");
    }

    @Test
    void podOrdinalsNumberTheProcessesWhateverTheirAddresses() {
        BootstrapSettings s = BootstrapSettings.of(root(CONFIG_DISCOVERY), 2, 0, null);
        assertEquals(List.of("10.0.0.9:2552", "10.0.0.1:2552"), s.order(members(
                member("10.0.0.1:2552", "waxwing-processes-2", "waxwing-process-1"),
                member("10.0.0.9:2552", "waxwing-processes-2", "waxwing-process-0"))));
    }

    @Test
    void membersThatDisagreeStopTheFormationNamingTheProblem() {
        BootstrapSettings s = BootstrapSettings.of(root(CONFIG_DISCOVERY), 2, null, null);
        IllegalStateException count = assertThrows(IllegalStateException.class, () -> s.checkCounts(members(
                member("h:1", "waxwing-processes-2"), member("h:2", "waxwing-processes-3"))));
        assertEquals("the process at h:2 was started for 3 processes, this one for 2: give every process the same"
                + " --processes (WAXWING_PROCESSES)", count.getMessage());
        IllegalStateException tooMany = assertThrows(IllegalStateException.class, () -> s.checkCounts(members(
                member("h:1", "waxwing-processes-2"), member("h:2", "waxwing-processes-2"),
                member("h:3", "waxwing-processes-2"))));
        assertTrue(tooMany.getMessage().startsWith("3 processes joined the cluster but --processes is 2"),
                tooMany.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> s.order(members(
                member("h:1", "waxwing-processes-2", "waxwing-process-0"),
                member("h:2", "waxwing-processes-2", "waxwing-process-0"))));
        assertTrue(twice.getMessage().contains("both have process id 0"), twice.getMessage());
        IllegalStateException some = assertThrows(IllegalStateException.class, () -> s.order(members(
                member("h:1", "waxwing-processes-2", "waxwing-process-0"), member("h:2", "waxwing-processes-2"))));
        assertTrue(some.getMessage().contains("only some processes have a process id"), some.getMessage());
    }
}
