package io.parley.nat;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A client of rtpengine's NG control protocol (bencode over UDP: {@code cookie SP dictionary}):
 * {@code offer} with the caller's SDP, {@code answer} with the callee's, {@code delete} when the
 * call ends, each answered with the SDP rtpengine rewrote to its own ports.
 *
 * <p>Several instances: an offer goes to the instance its Call-ID hashes to, or the next one up;
 * an instance that lets a request time out is taken as down for {@code down-for}, and the offer
 * is tried on the next. Instances share no state, so the answer and the delete of a call go to
 * the instance its offer went to ({@link Relayed#instance}).
 *
 * <p>Nothing here blocks the actor: datagrams are sent on a non-blocking channel and read by a
 * thread of this client's own, which hands each to the actor; a request that gets no reply within
 * {@code timeout} is answered {@link Failed}. A datagram from anywhere but the instance asked, or
 * with a cookie nobody waits for, is counted and dropped.
 */
public final class RtpEngine extends AbstractBehavior<RtpEngine.Command> {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RtpEngine.class);

  public sealed interface Command {}

  /**
   * RFC 3264's offer, the caller's SDP: rtpengine answers it rewritten for the callee.
   *
   * @param receivedFrom the address the caller's SIP came from (rtpengine's {@code received-from}),
   *     or null
   */
  public record Offer(String callId, String fromTag, byte[] sdp, List<String> flags, InetAddress receivedFrom,
      ActorRef<Result> replyTo) implements Command {}

  /** The callee's SDP, to {@code instance}: rewritten for the caller. */
  public record Answer(int instance, String callId, String fromTag, String toTag, byte[] sdp, List<String> flags,
      InetAddress receivedFrom, ActorRef<Result> replyTo) implements Command {}

  /**
   * The call is over: its ports on {@code instance} are freed; on every instance when it is -1
   * (a call's instance is not kept with its dialog). {@code replyTo} may be null.
   */
  public record Delete(int instance, String callId, ActorRef<Result> replyTo) implements Command {}

  /** What a request came to. */
  public sealed interface Result {}

  /** rtpengine {@code instance} took it; {@code sdp} is the rewritten body (null for a delete). */
  public record Relayed(int instance, byte[] sdp) implements Result {}

  /** It did not: every instance down or silent, or rtpengine refused it ({@code reason} says which). */
  public record Failed(String reason) implements Result {}

  private record Received(InetSocketAddress from, byte[] data) implements Command {}

  private record TimedOut(String cookie) implements Command {}

  /** One request waiting for its reply. */
  private static final class Pending {
    final Map<String, Object> message;
    final ActorRef<Result> replyTo;
    final String callId;
    /** The instances tried so far, as a bit set; only an offer moves on to another. */
    long tried;
    int instance;
    final boolean mayMove;

    Pending(Map<String, Object> message, ActorRef<Result> replyTo, String callId, int instance, boolean mayMove) {
      this.message = message;
      this.replyTo = replyTo;
      this.callId = callId;
      this.instance = instance;
      this.mayMove = mayMove;
    }
  }

  /** Counters since start. */
  public static final class Stats {
    final LongAdder sent = new LongAdder();
    final LongAdder relayed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder strays = new LongAdder();

    /** @return sent, relayed, failed, timeouts, strays */
    public long[] snapshot() {
      return new long[] {sent.sum(), relayed.sum(), failed.sum(), timeouts.sum(), strays.sum()};
    }
  }

  private final RtpEngineSettings settings;
  private final TimerScheduler<Command> timers;
  private final DatagramChannel channel;
  private final Stats stats;
  private final Map<String, Pending> pending = new HashMap<>();
  /** When each instance may be tried again (System.nanoTime), 0 when it is up. */
  private final long[] downUntil;
  private final String cookiePrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private long cookies;

  private RtpEngine(ActorContext<Command> context, TimerScheduler<Command> timers, RtpEngineSettings settings,
      DatagramChannel channel, Stats stats) {
    super(context);
    this.settings = settings;
    this.timers = timers;
    this.channel = channel;
    this.stats = stats;
    this.downUntil = new long[settings.instances().size()];
  }

  public static Behavior<Command> create(RtpEngineSettings settings, Stats stats) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      DatagramChannel channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(0));
      // non-blocking: a send from the actor never waits (a full buffer drops it, as UDP may)
      channel.configureBlocking(false);
      Selector selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      ActorRef<Command> self = context.getSelf();
      Thread reader = new Thread(() -> read(channel, selector, self), "rtpengine-ng-reader");
      reader.setDaemon(true);
      reader.start();
      return new RtpEngine(context, timers, settings, channel, stats);
    }));
  }

  /** The reader thread: every datagram to the actor, until the channel closes. */
  private static void read(DatagramChannel channel, Selector selector, ActorRef<Command> self) {
    ByteBuffer buf = ByteBuffer.allocate(65_536);
    try (selector) {
      while (channel.isOpen()) {
        selector.select(1_000);
        selector.selectedKeys().clear();
        InetSocketAddress from;
        while (channel.isOpen() && (from = (InetSocketAddress) channel.receive(buf.clear())) != null) {
          buf.flip();
          byte[] data = new byte[buf.remaining()];
          buf.get(data);
          self.tell(new Received(from, data));
        }
      }
    } catch (ClosedChannelException | ClosedSelectorException e) {
      // stopped
    } catch (IOException e) {
      log.warn("rtpengine replies are no longer read: {}", e.toString());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Offer.class, this::onOffer)
        .onMessage(Answer.class, this::onAnswer)
        .onMessage(Delete.class, this::onDelete)
        .onMessage(Received.class, this::onReceived)
        .onMessage(TimedOut.class, this::onTimedOut)
        .onSignal(PostStop.class, s -> {
          try {
            channel.close();
          } catch (IOException e) {
            log.debug("closing the rtpengine channel: {}", e.toString());
          }
          return this;
        })
        .build();
  }

  private Behavior<Command> onOffer(Offer o) {
    Map<String, Object> m = message("offer", o.callId(), o.fromTag(), o.flags());
    m.put("sdp", o.sdp());
    receivedFrom(m, o.receivedFrom());
    int first = Math.floorMod(o.callId().hashCode(), downUntil.length);
    Pending p = new Pending(m, o.replyTo(), o.callId(), first, true);
    int instance = nextUp(p, first);
    if (instance < 0) {
      fail(p, "every rtpengine is down");
    } else {
      send(p, instance);
    }
    return this;
  }

  private Behavior<Command> onAnswer(Answer a) {
    Map<String, Object> m = message("answer", a.callId(), a.fromTag(), a.flags());
    m.put("to-tag", a.toTag());
    m.put("sdp", a.sdp());
    receivedFrom(m, a.receivedFrom());
    return toInstance(a.instance(), new Pending(m, a.replyTo(), a.callId(), a.instance(), false));
  }

  private Behavior<Command> onDelete(Delete d) {
    Map<String, Object> m = message("delete", d.callId(), null, List.of());
    if (d.instance() >= 0) {
      return toInstance(d.instance(), new Pending(m, d.replyTo(), d.callId(), d.instance(), false));
    }
    for (int i = 0; i < downUntil.length; i++) {
      send(new Pending(m, i == 0 ? d.replyTo() : null, d.callId(), i, false), i);
    }
    return this;
  }

  private static void receivedFrom(Map<String, Object> m, InetAddress from) {
    if (from != null) {
      m.put("received-from", List.of(from instanceof Inet6Address ? "IP6" : "IP4", from.getHostAddress()));
    }
  }

  private Behavior<Command> toInstance(int instance, Pending p) {
    if (instance < 0 || instance >= downUntil.length) {
      fail(p, "no rtpengine " + instance);
    } else {
      send(p, instance);
    }
    return this;
  }

  private static Map<String, Object> message(String command, String callId, String fromTag, List<String> flags) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("call-id", callId);
    if (fromTag != null) {
      m.put("from-tag", fromTag);
    }
    if (!flags.isEmpty()) {
      m.put("flags", flags);
    }
    return m;
  }

  /** The first instance from {@code from} on that is up and not yet tried, or -1. */
  private int nextUp(Pending p, int from) {
    long now = System.nanoTime();
    for (int i = 0; i < downUntil.length; i++) {
      int k = (from + i) % downUntil.length;
      if ((p.tried & (1L << k)) == 0 && (downUntil[k] == 0 || now - downUntil[k] > 0)) {
        return k;
      }
    }
    return -1;
  }

  private void send(Pending p, int instance) {
    p.instance = instance;
    p.tried |= 1L << instance;
    String cookie = cookiePrefix + "_" + Long.toHexString(++cookies);
    byte[] body = Bencode.encode(p.message);
    ByteBuffer datagram = ByteBuffer.allocate(cookie.length() + 1 + body.length);
    datagram.put(cookie.getBytes(StandardCharsets.US_ASCII)).put((byte) ' ').put(body).flip();
    try {
      channel.send(datagram, settings.instances().get(instance));
    } catch (IOException e) {
      log.debug("rtpengine {}: {}", settings.instances().get(instance), e.toString());
    }
    stats.sent.increment();
    pending.put(cookie, p);
    timers.startSingleTimer(cookie, new TimedOut(cookie), settings.timeout());
  }

  private Behavior<Command> onReceived(Received r) {
    int space = indexOf(r.data(), (byte) ' ');
    String cookie = space <= 0 ? null : new String(r.data(), 0, space, StandardCharsets.US_ASCII);
    Pending p = cookie == null ? null : pending.get(cookie);
    if (p == null || !settings.instances().get(p.instance).equals(r.from())) {
      stats.strays.increment();
      return this;
    }
    Map<?, ?> reply;
    try {
      reply = Bencode.decode(r.data(), space + 1, r.data().length - space - 1) instanceof Map<?, ?> d ? d : null;
    } catch (IllegalArgumentException e) {
      reply = null;
    }
    if (reply == null) {
      stats.strays.increment();
      return this; // not a reply: the request's timer still runs
    }
    pending.remove(cookie);
    timers.cancel(cookie);
    downUntil[p.instance] = 0;
    Object result = reply.get("result");
    if ("ok".equals(result) || "pong".equals(result)) {
      stats.relayed.increment();
      Object sdp = reply.get("sdp");
      reply(p, new Relayed(p.instance, sdp instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : null));
    } else {
      Object reason = reply.get("error-reason");
      fail(p, "rtpengine " + settings.instances().get(p.instance) + ": " + (reason != null ? reason : result));
    }
    return this;
  }

  private Behavior<Command> onTimedOut(TimedOut t) {
    Pending p = pending.remove(t.cookie());
    if (p == null) {
      return this;
    }
    stats.timeouts.increment();
    InetSocketAddress silent = settings.instances().get(p.instance);
    downUntil[p.instance] = Math.max(1, System.nanoTime() + settings.downFor().toNanos());
    log.warn("rtpengine {} did not answer a {} of call {} within {} ms; taken as down for {} s", silent,
        p.message.get("command"), p.callId, settings.timeout().toMillis(), settings.downFor().toSeconds());
    int next = p.mayMove ? nextUp(p, (p.instance + 1) % downUntil.length) : -1;
    if (next >= 0) {
      send(p, next);
    } else {
      fail(p, "no rtpengine answered");
    }
    return this;
  }

  private void fail(Pending p, String reason) {
    stats.failed.increment();
    reply(p, new Failed(reason));
  }

  private static void reply(Pending p, Result r) {
    if (p.replyTo != null) {
      p.replyTo.tell(r);
    }
  }

  private static int indexOf(byte[] b, byte c) {
    for (int i = 0; i < b.length && i < 256; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
