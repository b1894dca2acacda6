package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every command of an AOR entity, which sharding may deliver from another node, through a real
 * actor system's serialization as a node is configured (Jackson CBOR, parley-runtime.conf), with
 * its reply-to reference; the replies and events are in {@link AorEntityTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AorCommandSerializationTest {
  private ActorTestKit testKit;
  private Serialization serialization;

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("aor-commands", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
    serialization = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyCommandSurvivesTheTrip() throws Exception {
    ActorRef<UpdateResult> updates = testKit.<UpdateResult>createTestProbe().ref();
    List<AorEntity.Command> all = List.of(
        new AorEntity.UpdateBindings(List.of(ContactUpdate.of("<sip:alice@127.0.0.1:5062>", 600),
            new ContactUpdate("<sip:alice@127.0.0.1:5064;transport=tcp>", 300, 500, ";ob",
                "<urn:uuid:00000000-0000-1000-8000-000000000001>", 1, true)), "reg-1@127.0.0.1", 2, "tcp~2a~127.0.0.1%3A25520",
            List.of("<sip:127.0.0.1:5080;lr>"), "udp:127.0.0.1:5062", "Phone/1.0 (é)", updates),
        new AorEntity.UpdateBindings(List.of(ContactUpdate.of("<sip:alice@127.0.0.1:5062>", 0)), "reg-2", 3, null,
            null, null, updates),
        new AorEntity.RemoveAll("reg-1@127.0.0.1", 4, updates),
        new AorEntity.GetBindings(testKit.<Bindings>createTestProbe().ref()),
        new AorEntity.GetRegistration(testKit.<Registration>createTestProbe().ref()),
        new AorEntity.RemoveBindings("<sip:alice@127.0.0.1:5062>", testKit.<RemovedBindings>createTestProbe().ref()),
        new AorEntity.RemoveBindings(null, testKit.<RemovedBindings>createTestProbe().ref()),
        new AorEntity.KeepalivesUnanswered(new BindingRef("<sip:alice@127.0.0.1:5062>", null, 0), "udp~1~127.0.0.1%3A25520",
            2, 3),
        AorEntity.Wake.INSTANCE, AorEntity.ExpiryDue.INSTANCE, AorEntity.PassivateIfEmpty.INSTANCE,
        AorEntity.IdleCheck.INSTANCE, AorEntity.Stop.INSTANCE);
    Set<Class<?>> tried = new HashSet<>();
    for (AorEntity.Command command : all) {
      Serializer serializer = serialization.findSerializerFor(command);
      // a call's lookup crosses in the cluster's wire form (AorMessageSerializerTest); the rest as CBOR
      Class<?> expected = command instanceof AorEntity.GetBindings ? AorMessageSerializer.class
          : JacksonCborSerializer.class;
      assertEquals(expected, serializer.getClass(), command.getClass().getName());
      assertEquals(command, testKit.serializationTestKit().verifySerialization(command, true));
      tried.add(command.getClass());
    }
    Set<Class<?>> permitted = new HashSet<>(List.of(AorEntity.Command.class.getPermittedSubclasses()));
    assertEquals(permitted, tried, "every command has its trip");
  }
}
