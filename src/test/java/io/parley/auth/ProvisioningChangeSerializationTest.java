package io.parley.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.auth.ProvisioningChange.AliasChanged;
import io.parley.auth.ProvisioningChange.DomainChanged;
import io.parley.auth.ProvisioningChange.SubscriberChanged;
import io.parley.auth.ProvisioningChange.TrustedPeerChanged;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every change notice crosses nodes: each survives the cluster's serializer, Jackson CBOR. */
class ProvisioningChangeSerializationTest {
  private static final ActorTestKit kit = ActorTestKit.create(io.parley.config.ConfigLoader.layered(
      com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")));
  private final SerializationTestKit serialization = new SerializationTestKit(kit.system());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aSubscriberChangeRoundTrips() {
    roundTrip(new SubscriberChanged("%61lice", "example.com"));
  }

  @Test
  void anAliasChangeRoundTrips() {
    roundTrip(new AliasChanged("al", "example.org"));
  }

  @Test
  void aDomainChangeRoundTrips() {
    roundTrip(new DomainChanged("example.net"));
  }

  @Test
  void aTrustedPeerChangeRoundTrips() {
    roundTrip(new TrustedPeerChanged("2001:db8::/32"));
  }

  private void roundTrip(ProvisioningChange change) {
    assertEquals(JacksonCborSerializer.class,
        SerializationExtension.get(kit.system().classicSystem()).findSerializerFor(change).getClass());
    assertEquals(change, serialization.verifySerialization(change, false));
  }
}
