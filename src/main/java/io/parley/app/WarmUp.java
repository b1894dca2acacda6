package io.parley.app;

import io.parley.auth.Subscriber;
import io.parley.auth.SubscriberCache;
import io.parley.auth.SubscriberId;
import io.parley.common.Fnv64;
import io.parley.common.ServedDomains;
import io.parley.route.SipRouter;
import io.parley.transport.Transport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations and calls a node sends itself before it takes SIP traffic
 * ({@code parley.warm-up}): a fresh JVM interprets and compiles its hot code while it serves, and
 * failed a quarter of its first 1,000 registrations a second that way (bench/RESULTS.md). Its
 * phones ({@link WarmUpPhone}) go through the node's first UDP listen point, so everything a
 * phone's request meets is warmed: the socket, the parser, the registrar, digest, the AOR
 * entities and their journal, the proxy, the call entity and its transactions, the dialogs.
 *
 * <p>They are subscribers of {@link #DOMAIN} (RFC 2606: reserved, never a real one), served and
 * known only in this node's memory while the warm-up runs, with a random password. Their user
 * names are the same at every start of a node with the same SIP address, so the journal holds a
 * fixed set of warm-up AORs, not more with each restart. They unregister at the end; their calls
 * write no CDR ({@link WarmUpCalls}).
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
  static final String DOMAIN = "warm-up.invalid";
  /** Callees per phone: each registers once, then refreshes when its turn comes again. */
  static final int LINES = 500;

  /** What the warm-up did. */
  record Result(int registrations, int calls, int failed, Duration took) {
    static final Result NONE = new Result(0, 0, 0, Duration.ZERO);
  }

  private final WarmUpSettings settings;
  private final SipRouter sip;
  private final ServedDomains served;
  private final SubscriberCache subscribers;
  private final WarmUpCalls calls;

  WarmUp(WarmUpSettings settings, SipRouter sip, ServedDomains served, SubscriberCache subscribers,
      WarmUpCalls calls) {
    this.settings = settings;
    this.sip = sip;
    this.served = served;
    this.subscribers = subscribers;
    this.calls = calls;
  }

  /**
   * Runs the warm-up on threads of its own; completes when it is over and everything it lent
   * itself is given back. The caller opens the node to traffic then ({@link
   * SipRouter#takeTraffic()}); until then only the phones' messages are taken.
   */
  CompletableFuture<Result> run() {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        done.complete(runHere());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "parley-warm-up");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  private Result runHere() throws IOException, InterruptedException {
    List<InetSocketAddress> udp = sip.boundAddresses(Transport.UDP);
    if (udp.isEmpty()) {
      log.info("no UDP listen point: no warm-up");
      return Result.NONE;
    }
    InetSocketAddress listen = udp.get(0);
    InetAddress address = listen.getAddress();
    if (address.isAnyLocalAddress()) {
      address = address instanceof Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
    }
    InetSocketAddress node = new InetSocketAddress(address, listen.getPort());
    String key = Long.toHexString(Fnv64.finish(Fnv64.add(Fnv64.OFFSET, node.toString()))).substring(0, 8);
    String token = "wu" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    String password = Long.toHexString(ThreadLocalRandom.current().nextLong())
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
    List<List<String>> users = users(key);
    Instant now = Instant.now();
    served.serveTemporarily(DOMAIN);
    users.forEach(phone -> phone.forEach(user ->
        subscribers.holdTemporarily(Subscriber.withPassword(new SubscriberId(user, DOMAIN), password, now))));
    calls.during(token);
    List<WarmUpPhone> phones = new ArrayList<>();
    long start = System.nanoTime();
    try {
      Set<InetSocketAddress> sources = new HashSet<>();
      for (List<String> phoneUsers : users) {
        WarmUpPhone phone = new WarmUpPhone(node, address, DOMAIN, password, phoneUsers, token);
        phones.add(phone);
        sources.addAll(phone.addresses());
      }
      sip.takeOnlyFrom(sources);
      log.info("warming up for {} s: {} phones through udp {}", settings.duration().toMillis() / 1000.0,
          phones.size(), node);
      return drive(phones, start + settings.duration().toNanos(), start);
    } finally {
      phones.forEach(WarmUpPhone::close);
      calls.over();
      users.forEach(phone -> phone.forEach(user -> subscribers.forgetTemporary(new SubscriberId(user, DOMAIN))));
      served.stopServingTemporarily(DOMAIN);
    }
  }

  /** Each phone on a thread: a registration and a call a round until {@code deadline}, then it unregisters. */
  private Result drive(List<WarmUpPhone> phones, long deadline, long start) throws InterruptedException {
    AtomicInteger registrations = new AtomicInteger();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < phones.size(); p++) {
      WarmUpPhone phone = phones.get(p);
      Thread t = new Thread(() -> {
        int round = 0;
        for (; System.nanoTime() < deadline; round++) {
          try {
            phone.register(round);
            registrations.incrementAndGet();
            phone.call(round);
            made.incrementAndGet();
          } catch (WarmUpPhone.WarmUpFailed | IOException e) {
            if (failed.incrementAndGet() <= 3) {
              log.info("warm-up round failed: {}", e.getMessage());
            }
          }
        }
        try {
          phone.unregister(round);
        } catch (WarmUpPhone.WarmUpFailed | IOException e) {
          log.info("a warm-up phone could not unregister ({}); its bindings expire in 300 s", e.getMessage());
        }
      }, "parley-warm-up-" + p);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Result(registrations.get(), made.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Per phone, its caller and then its {@link #LINES} callees; {@code key} names this node. */
  private List<List<String>> users(String key) {
    List<List<String>> all = new ArrayList<>();
    for (int p = 0; p < settings.phones(); p++) {
      List<String> phone = new ArrayList<>();
      phone.add("w" + p + "x" + key);
      for (int i = 0; i < LINES; i++) {
        phone.add("w" + p + "-" + i + "x" + key);
      }
      all.add(phone);
    }
    return all;
  }
}
