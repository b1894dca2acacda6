package io.parley.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The layer rule of DESIGN.md: a package imports only the packages listed to its right. */
class LayerRulesTest {
  private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("common", Set.of());
    ALLOWED.put("message", Set.of("common"));
    ALLOWED.put("transport", Set.of("message", "common"));
    ALLOWED.put("transaction", Set.of("transport", "message", "common"));
    ALLOWED.put("auth", Set.of("message", "common"));
    // the location service's lookup crosses nodes in the cluster's wire form (AorMessageSerializer)
    ALLOWED.put("location", Set.of("cluster", "message", "common"));
    ALLOWED.put("nat", Set.of("transport", "message", "common"));
    ALLOWED.put("dialog", Set.of("transaction", "message", "common"));
    ALLOWED.put("registrar", Set.of("location", "auth", "nat", "transaction", "message", "common"));
    ALLOWED.put("proxy", Set.of("location", "auth", "nat", "dialog", "transaction", "message", "common"));
    // the call entity asks the media relay (nat's rtpengine client) before it forwards SDP
    ALLOWED.put("call", Set.of("proxy", "registrar", "dialog", "nat", "transaction", "cluster", "message", "common"));
    // route owns the node's SIP side: the flood guard and delayed answers (auth) run before any
    // state is kept, and a message reaches its call as a transaction-layer Inbound
    // ... and the answers to NAT keepalives leave the response path there, before any call
    ALLOWED.put("route", Set.of("call", "registrar", "proxy", "auth", "nat", "transaction", "transport", "message",
        "common"));
    ALLOWED.put("accounting", Set.of("dialog", "proxy", "message", "common"));
    ALLOWED.put("cluster", Set.of("transport", "message", "common"));
    ALLOWED.put("admin", Set.of("call", "location", "dialog", "accounting", "auth", "config", "message", "common"));
    ALLOWED.put("config", Set.of("common"));
  }

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(location -> !location.contains("test-classes/"))
        .importPackages("io.parley");
  }

  @TestFactory
  Stream<DynamicTest> eachLayerImportsOnlyWhatDesignAllows() {
    return ALLOWED.entrySet().stream().map(layer -> DynamicTest.dynamicTest(layer.getKey(), () -> {
      String[] forbidden = Stream.concat(ALLOWED.keySet().stream(), Stream.of("app"))
          .filter(other -> !other.equals(layer.getKey()) && !layer.getValue().contains(other))
          .map(other -> "io.parley." + other + "..")
          .toArray(String[]::new);
      noClasses().that().resideInAPackage("io.parley." + layer.getKey() + "..")
          .should().dependOnClassesThat().resideInAnyPackage(forbidden)
          .allowEmptyShould(true)
          .check(classes);
    }));
  }

  @Test
  void messageLayerIsPure() {
    noClasses().that().resideInAPackage("io.parley.message..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "io.netty..", "java.net..", "java.nio.channels..", "java.nio.file..",
            "org.slf4j..", "com.typesafe.config..")
        .check(classes);
  }

  @Test
  void nettyStaysInsideTransport() {
    noClasses().that().resideOutsideOfPackage("io.parley.transport..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void everyClassLivesInALayer() {
    List<String> layers = Stream.concat(ALLOWED.keySet().stream(), Stream.of("app")).toList();
    List<String> strays = classes.stream()
        .map(c -> c.getPackageName())
        .filter(p -> layers.stream().noneMatch(l -> p.equals("io.parley." + l) || p.startsWith("io.parley." + l + ".")))
        .distinct().toList();
    if (!strays.isEmpty()) {
      throw new AssertionError("packages outside the layers of DESIGN.md: " + strays);
    }
  }
}
