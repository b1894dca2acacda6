package io.parley.transport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportLayerLifecycleTest {

  private static TransportLayer layer(String... listenPoints) {
    return new TransportLayer(
        java.util.Arrays.stream(listenPoints).map(ListenPoint::parse).toList(), "node-a",
        (data, offset, length, flow) -> {}, TransportSettings.defaults());
  }

  @Test
  void aUdpPortInUseFailsTheStartNamingTheListenPoint() throws Exception {
    try (DatagramSocket taken =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      String lp = "udp:127.0.0.1:" + taken.getLocalPort();
      TransportLayer layer = layer(lp);
      TransportStartException e = assertThrows(TransportStartException.class, layer::start);
      assertEquals("cannot listen on " + lp + ": address already in use", e.getMessage());
      assertEquals(ListenPoint.parse(lp), e.listenPoint());
      layer.stop();
    }
  }

  @Test
  void aTcpPortInUseFailsTheStartAndReleasesWhatWasBound() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String lp = "tcp:127.0.0.1:" + taken.getLocalPort();
      TransportLayer first = layer("udp:127.0.0.1:0", lp);
      TransportStartException e = assertThrows(TransportStartException.class, first::start);
      assertEquals("cannot listen on " + lp + ": address already in use", e.getMessage());
      InetSocketAddress udp = first.boundAddresses(Transport.UDP).get(0);
      // the UDP socket bound before the failure was closed again: its port can be bound anew
      try (DatagramSocket again = new DatagramSocket(udp)) {
        assertEquals(udp.getPort(), again.getLocalPort());
      }
    }
  }

  @Test
  void lifecycle() {
    TransportLayer layer = layer("udp:127.0.0.1:0", "tcp:127.0.0.1:0");
    assertEquals(List.of(), layer.boundAddresses(Transport.UDP));
    assertFalse(layer.send(Transport.UDP, new InetSocketAddress("127.0.0.1", 9), new byte[1]));
    layer.start();
    assertThrows(IllegalStateException.class, layer::start);
    assertEquals(1, layer.boundAddresses(Transport.UDP).size());
    assertEquals(1, layer.boundAddresses(Transport.TCP).size());
    assertEquals(List.of(), layer.boundAddresses(Transport.TLS));
    layer.stop();
    layer.stop();
    assertFalse(layer.send(Transport.TCP, new InetSocketAddress("127.0.0.1", 9), new byte[1]));
  }

  @Test
  void unsupportedTransportsAreRefusedUpFront() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> layer("tls:127.0.0.1:0"));
    assertTrue(e.getMessage().contains("tls:127.0.0.1:0"), e.getMessage());
  }

  @Test
  void nettyNeverAppearsInThePublicApi() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.parley.transport");
    // benchmarks (built into the same classes folder by the bench profile) may use Netty
    noClasses().that().resideInAPackage("io.parley.transport").and().arePublic()
        .and().haveSimpleNameNotEndingWith("Bench")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .check(classes);
  }
}
