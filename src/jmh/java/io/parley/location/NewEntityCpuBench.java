package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.common.CborSerializable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The CPU that Pekko alone spends on a new sharded entity: the floor under an AOR's first
 * registration, without any SIP work.
 *
 * <pre>
 * java -cp target/benchmarks.jar io.parley.location.NewEntityCpuBench MODE [RATE] [COUNT]
 *   MODE   actor   a sharded typed actor that answers the message
 *          inmem   a sharded EventSourcedBehavior that persists one event and answers,
 *                  on Pekko's in-memory journal (no storage work at all)
 *          jdbc    the same on pekko-persistence-jdbc and an H2 file with Parley's schema
 *   RATE   messages a second, default 1000 (the first step of the SIPp REGISTER ramp)
 *   COUNT  entities per measured phase, default 10000
 * </pre>
 *
 * <p>One node, the dispatcher settings of {@code parley-runtime.conf}. After a warm-up of
 * 2×COUNT new entities at RATE, it sends one ask each to COUNT new entities at RATE, then one
 * ask each to COUNT of the entities it already started. The CPU of each phase is read from
 * {@code /proc/self/task} (Linux), the JIT compiler threads apart, and printed per message.
 * The difference between the phases is what starting the entity costs: sharding's entity
 * creation, the behavior's setup and, for the persistent modes, the recovery protocol and the
 * first write.
 */
public final class NewEntityCpuBench {

  /** The commands of both kinds of entity. */
  public sealed interface Command extends CborSerializable {}

  /** Adds one to the entity's count and answers once it is stored. */
  public record Add(ActorRef<Done> replyTo) implements Command {}

  /** The event of {@link Add}. */
  public record Added(int by) implements CborSerializable {}

  private static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "Bench");

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "inmem";
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config(mode));
    try {
      joinSelf(system);
      ClusterSharding sharding = ClusterSharding.get(system);
      sharding.init(Entity.of(KEY, ctx -> mode.equals("actor") ? answering() : new Counter(ctx.getEntityId())));
      AtomicInteger next = new AtomicInteger();
      send(sharding, rate, 2 * count, next::getAndIncrement);
      Thread.sleep(3000);
      Map<String, Long> before = cpuByThread();
      send(sharding, rate, count, next::getAndIncrement);
      Map<String, Long> afterNew = cpuByThread();
      Thread.sleep(3000);
      Map<String, Long> beforeOld = cpuByThread();
      AtomicInteger old = new AtomicInteger(2 * count);
      send(sharding, rate, count, old::getAndIncrement);
      Map<String, Long> afterOld = cpuByThread();
      System.out.printf("%s at %d/s: new entity %s | existing entity %s (µs CPU per message)%n", mode, rate,
          perMessage(before, afterNew, count), perMessage(beforeOld, afterOld, count));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }

  private static Behavior<Command> answering() {
    return Behaviors.receive(Command.class)
        .onMessage(Add.class, add -> {
          add.replyTo().tell(Done.getInstance());
          return Behaviors.same();
        })
        .build();
  }

  /** The smallest useful persistent entity: one event per command, answered after the write. */
  private static final class Counter extends EventSourcedBehavior<Command, Added, Integer> {

    Counter(String id) {
      super(PersistenceId.of("Bench", id));
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Command, Added, Integer> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (state, add) -> Effect().persist(new Added(1)).thenReply(add.replyTo(), s -> Done.getInstance()))
          .build();
    }

    @Override
    public EventHandler<Integer, Added> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (state, e) -> state + e.by()).build();
    }
  }

  /** Asks entity {@code ids} one message each, {@code rate} a second in 1 ms ticks, and waits for every answer. */
  private static void send(ClusterSharding sharding, int rate, int count, java.util.function.IntSupplier ids)
      throws Exception {
    List<CompletableFuture<Done>> answers = new ArrayList<>(count);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    ticker.scheduleAtFixedRate(() -> {
      long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L);
      while (answers.size() < due) {
        String id = "e" + ids.getAsInt();
        answers.add(sharding.entityRefFor(KEY, id)
            .<Done>ask(Add::new, Duration.ofSeconds(30)).toCompletableFuture());
      }
      if (answers.size() == count) {
        sent.complete(null);
      }
    }, 0, 1, TimeUnit.MILLISECONDS);
    sent.get();
    ticker.shutdownNow();
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
  }

  private static void joinSelf(ActorSystem<Void> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    while (cluster.selfMember().status() != MemberStatus.up()) {
      Thread.sleep(50);
    }
  }

  private static Config config(String mode) throws IOException {
    Config persistence = switch (mode) {
      case "actor", "inmem" -> ConfigFactory.parseString("""
          pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
          pekko.persistence.snapshot-store.plugin = "pekko.persistence.no-snapshot-store"
          pekko.persistence.journal.inmem.plugin-dispatcher = "pekko.actor.default-dispatcher"
          pekko.persistence.no-snapshot-store.plugin-dispatcher = "pekko.actor.default-dispatcher"
          """);
      case "jdbc" -> BenchJournal.h2("new-entity-bench");
      default -> throw new IllegalArgumentException("MODE: actor, inmem or jdbc");
    };
    return ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.actor.default-dispatcher {
          fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0, parallelism-max = 2 }
          throughput = 100
        }
        pekko.cluster.sharding.use-dispatcher = "pekko.actor.default-dispatcher"
        pekko.actor.serialization-bindings { "io.parley.common.CborSerializable" = jackson-cbor }
        """).withFallback(persistence).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /** CPU ticks (1/100 s) of this process's threads by name, digits dropped, from {@code /proc/self/task}. */
  private static Map<String, Long> cpuByThread() throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#-]+", "");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException ended) {
          // the thread ended between the listing and the read: its time is gone from both sides
        }
      }
    }
    return ticks;
  }

  private static String perMessage(Map<String, Long> before, Map<String, Long> after, int count) {
    long total = 0;
    long jit = 0;
    for (var e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      total += d;
      if (e.getKey().contains("Compiler")) {
        jit += d;
      }
    }
    return "%d (JIT %d)".formatted((total - jit) * 10_000 / count, jit * 10_000 / count);
  }
}
