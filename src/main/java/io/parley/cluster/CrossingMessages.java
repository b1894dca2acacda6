package io.parley.cluster;

import java.io.NotSerializableException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.DisabledJavaSerializer;
import org.apache.pekko.serialization.JavaSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;

/**
 * The message types that may cross nodes, and the check that each has a serializer other than
 * Java serialization (DESIGN.md, Cluster: a node refuses to start with one that has none).
 *
 * <p>The types are found from their roots: a sealed root stands for every class it permits,
 * through sealed sub-interfaces, except those marked {@link NodeLocal}; any other root for itself.
 */
public final class CrossingMessages {
  private CrossingMessages() {}

  /** The concrete classes under {@code roots}, in the order found, {@link NodeLocal} ones left out. */
  public static List<Class<?>> under(List<Class<?>> roots) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> root : roots) {
      collect(root, found);
    }
    return new ArrayList<>(found);
  }

  private static void collect(Class<?> type, Set<Class<?>> found) {
    if (NodeLocal.class.isAssignableFrom(type)) {
      return;
    }
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        collect(sub, found);
      }
    }
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
      found.add(type);
    }
  }

  /**
   * The serializer Pekko would use for {@code type} across nodes.
   *
   * @throws NotSerializableException saying why there is none: no binding, or only Java
   *     serialization (off in Parley, and never acceptable between nodes)
   */
  public static Serializer serializerFor(ActorSystem<?> system, Class<?> type) throws NotSerializableException {
    Serializer serializer = SerializationExtension.get(Adapter.toClassic(system)).serializerFor(type);
    if (serializer instanceof JavaSerializer || serializer instanceof DisabledJavaSerializer) {
      throw new NotSerializableException(type.getName() + " would use Java serialization ("
          + serializer.getClass().getSimpleName() + ")");
    }
    return serializer;
  }

  /**
   * Checks every type under {@code roots}.
   *
   * @throws IllegalStateException naming the first type without a binding
   */
  public static void requireBindings(ActorSystem<?> system, List<Class<?>> roots) {
    for (Class<?> type : under(roots)) {
      try {
        serializerFor(system, type);
      } catch (NotSerializableException e) {
        throw new IllegalStateException("no serializer for " + type.getName()
            + ", a message that crosses nodes: bind one in pekko.actor.serialization-bindings (" + e.getMessage()
            + ")", e);
      }
    }
  }
}
