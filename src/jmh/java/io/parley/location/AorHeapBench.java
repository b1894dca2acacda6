package io.parley.location;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Heap per registered address-of-record (DESIGN.md budget: ≤ 1 KB per idle registration).
 *
 * <pre>
 * java -cp benchmarks.jar io.parley.location.AorHeapBench MODE [COUNT]
 *   MODE   state     COUNT AorState objects with one binding each, built through UpdatePlan as
 *                    the entity builds them (the location data alone)
 *          entities  COUNT AorEntity actors in one actor system, each registered once through
 *                    the jdbc journal on an H2 file in a temporary folder (the data plus the
 *                    actor, its event-sourcing machinery and its expiry timer)
 *   COUNT  default 100000 (state), 20000 (entities)
 * </pre>
 *
 * <p>Realistic values, unique per AOR: contact {@code sip:user1234@192.168.x.y:5060;transport=udp},
 * a 32-character Call-ID, a flow id and source {@code udp:a.b.c.d:port}, expiry 3600 s. The
 * figure is the used heap after a full GC with everything built, minus the same before,
 * divided by COUNT; the entity ids (the AOR strings) are counted too, as sharding holds them.
 *
 * <p>Measured (JDK 17, 2 vCPU, compressed oops): state ~416 bytes per AOR (~500 without
 * compressed oops); entities ~3.9 KB per AOR, of which ~3.5 KB is Pekko's actor and
 * event-sourcing machinery (ActorCell, mailbox, interceptors of setup/timers/supervision, the
 * running EventSourcedBehavior, stash buffers, logging context), not the location data.
 */
public final class AorHeapBench {

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "state";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : mode.equals("state") ? 100_000 : 20_000;
    switch (mode) {
      case "state" -> states(count);
      case "entities" -> entities(count);
      default -> throw new IllegalArgumentException("mode: state or entities");
    }
  }

  private static void states(int count) {
    Random random = new Random(1);
    long now = System.currentTimeMillis();
    AorSettings settings = AorSettings.DEFAULT;
    long before = usedAfterGc();
    String[] ids = new String[count];
    AorState[] states = new AorState[count];
    for (int i = 0; i < count; i++) {
      ids[i] = "user" + i + "@example.com";
      UpdatePlan plan = UpdatePlan.update(AorState.EMPTY, List.of(ContactUpdate.of(contact(i), 3600)),
          new UpdatePlan.Request(callId(random), 1, flow(i), List.of(), flow(i)), now, settings);
      AorState s = AorState.EMPTY;
      for (AorEvent e : plan.events()) {
        s = s.apply(e);
      }
      states[i] = s;
    }
    long after = usedAfterGc();
    report("state", count, after - before);
    Reference.reachabilityFence(ids);
    Reference.reachabilityFence(states);
  }

  private static void entities(int count) throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.actor.serialization-bindings { "io.parley.common.CborSerializable" = jackson-cbor }
        """).withFallback(BenchJournal.h2("aor-heap")).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "heap", config);
    try {
      Random random = new Random(1);
      // warm the journal up so its connection pool and caches are not counted
      register(system, AorEntity.create("warmup@example.com", AorSettings.DEFAULT, Clock.systemUTC()), "warmup",
          random, 0).toCompletableFuture().get();
      long before = usedAfterGc();
      List<ActorRef<AorEntity.Command>> refs = new ArrayList<>(count);
      List<CompletableFuture<UpdateResult>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ActorRef<AorEntity.Command> ref = system.systemActorOf(
            AorEntity.create("user" + i + "@example.com", AorSettings.DEFAULT, Clock.systemUTC()), "aor-" + i,
            org.apache.pekko.actor.typed.Props.empty());
        refs.add(ref);
        pending.add(register(system, ref, random, i).toCompletableFuture());
        if (pending.size() == 200) {
          CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
          pending.clear();
        }
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
      Thread.sleep(2000); // let the journal's buffers drain
      long after = usedAfterGc();
      report("entities", count, after - before);
      // -Daor.bench.hold=SECONDS keeps everything alive for a class histogram (jcmd PID GC.class_histogram)
      Thread.sleep(Long.getLong("aor.bench.hold", 0L) * 1000);
      Reference.reachabilityFence(refs);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }

  private static CompletionStage<UpdateResult> register(ActorSystem<Void> system,
      org.apache.pekko.actor.typed.Behavior<AorEntity.Command> behavior, String name, Random random, int i) {
    return register(system, system.systemActorOf(behavior, name, org.apache.pekko.actor.typed.Props.empty()), random, i);
  }

  private static CompletionStage<UpdateResult> register(ActorSystem<Void> system, ActorRef<AorEntity.Command> ref,
      Random random, int i) {
    return AskPattern.ask(ref, (ActorRef<UpdateResult> reply) -> new AorEntity.UpdateBindings(
        List.of(ContactUpdate.of(contact(i), 3600)), callId(random), 1, flow(i), List.of(), flow(i), reply),
        Duration.ofSeconds(30), system.scheduler());
  }

  private static String contact(int i) {
    return "sip:user" + i + "@192.168." + (i >> 8 & 255) + "." + (i & 255) + ":5060;transport=udp";
  }

  private static String flow(int i) {
    return "udp:203.0." + (i >> 16 & 255) + "." + (i >> 8 & 255) + ":" + (10000 + (i & 0x3fff));
  }

  private static String callId(Random random) {
    StringBuilder b = new StringBuilder(32);
    for (int k = 0; k < 32; k++) {
      b.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return b.toString();
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static void report(String mode, int count, long bytes) {
    System.out.printf("%s: %d AORs with one binding each: %,d bytes, %d bytes per AOR (budget 1024)%n", mode, count,
        bytes, bytes / count);
  }
}
