package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.call.CallEntity;
import io.parley.call.CallMessageSerializer;
import io.parley.cluster.CrossingMessages;
import io.parley.cluster.FlowForwarder;
import io.parley.cluster.FlowMessageSerializer;
import io.parley.cluster.NodeLocal;
import io.parley.config.ConfigLoader;
import java.io.NotSerializableException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.DisabledJavaSerializer;
import org.apache.pekko.serialization.JavaSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import io.parley.location.AorEntity;
import io.parley.location.AorMessageSerializer;
import io.parley.location.Bindings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN.md, Cluster: every message type that can cross nodes has a serializer other than Java
 * serialization, as a node is configured (parley-runtime.conf), and a node refuses to start when
 * one has none. Walks every permitted subclass of the sealed roots the node checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossingMessagesTest {
  private ActorTestKit testKit;

  @BeforeAll
  void start() {
    testKit = ActorTestKit.create("crossing", ConfigLoader.layered(ConfigFactory.parseString("""
        parley.cluster.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """)));
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyMessageThatCrossesNodesHasANonJavaSerializer() throws Exception {
    List<Class<?>> crossing = new ArrayList<>();
    List<Class<?>> local = new ArrayList<>();
    for (Class<?> root : CrossingTypes.ROOTS) {
      walk(root, crossing, local);
    }
    List<String> missing = new ArrayList<>();
    var serialization = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(
        testKit.system()));
    for (Class<?> type : crossing) {
      Serializer serializer;
      try {
        serializer = serialization.serializerFor(type);
      } catch (Exception e) {
        missing.add(type.getName() + ": " + e.getMessage());
        continue;
      }
      if (serializer instanceof JavaSerializer || serializer instanceof DisabledJavaSerializer) {
        missing.add(type.getName() + ": Java serialization");
      } else if (type.getName().startsWith(CallEntity.class.getName())) {
        assertEquals(CallMessageSerializer.class, serializer.getClass(), type.getName());
      } else if (type.getName().startsWith(FlowForwarder.class.getName())) {
        assertEquals(FlowMessageSerializer.class, serializer.getClass(), type.getName());
      } else if (type == AorEntity.GetBindings.class || type == Bindings.class) {
        // a call's AOR lookup and its answer: the cluster's wire form
        assertEquals(AorMessageSerializer.class, serializer.getClass(), type.getName());
      } else {
        assertEquals(JacksonCborSerializer.class, serializer.getClass(), type.getName());
      }
    }
    assertTrue(missing.isEmpty(), "without a serializer: " + missing);
    // the walk is the one the node's start makes
    assertEquals(crossing, CrossingMessages.under(CrossingTypes.ROOTS));
    // CallEntity: 9 commands and its reply; AorEntity: 11 commands; UpdateResult: 3; 3 replies;
    // FlowForwarder: 1
    assertEquals(28, crossing.size(), crossing.toString());
    assertEquals(9, local.size(), "the call entity's self-sent messages: " + local);
    CrossingMessages.requireBindings(testKit.system(), CrossingTypes.ROOTS);
  }

  sealed interface Unbound {}

  record Bound(String a) implements Unbound, io.parley.common.CborSerializable {}

  record Forgotten(String a) implements Unbound {}

  record OnlyHere(String a) implements Unbound, NodeLocal {}

  @Test
  void aNodeRefusesToStartWithACrossingTypeThatHasNoBinding() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CrossingMessages.requireBindings(testKit.system(), List.of(Unbound.class)));
    assertTrue(e.getMessage().contains(Forgotten.class.getName()), e.getMessage());
    assertEquals(List.of(Bound.class, Forgotten.class), CrossingMessages.under(List.of(Unbound.class)));
    // a class that would fall back on Java serialization is refused as well
    assertThrows(NotSerializableException.class,
        () -> CrossingMessages.serializerFor(testKit.system(), java.util.ArrayList.class));
  }

  private static void walk(Class<?> type, List<Class<?>> crossing, List<Class<?>> local) {
    if (NodeLocal.class.isAssignableFrom(type)) {
      local.add(type);
      return;
    }
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        walk(sub, crossing, local);
      }
    }
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
      crossing.add(type);
    }
  }
}
