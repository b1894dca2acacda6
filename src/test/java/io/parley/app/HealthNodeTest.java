package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/**
 * Pekko Management's {@code GET /alive} and {@code GET /ready} on a real node, through Parley's
 * management server: open to probes without the token even when reads need it, ready once the
 * node has started (schema, SIP sockets, journal, member Up, its home shards allocated), and not ready from the first phase
 * of leaving, while the server still answers.
 */
class HealthNodeTest {
  private static final String TOKEN = "health-0123456789-abcdefgh";

  @Test
  void readyAfterTheStartNotReadyWhileLeavingAndProbesNeedNoToken() throws Exception {
    TestNode node = TestNode.start("""
        parley.domains = ["example.com"]
        parley.auth.secret = "a-test-secret-of-enough-length"
        parley.management.token = "%s"
        parley.management.token-for-reads = true
        """.formatted(TOKEN));
    CountDownLatch leave = new CountDownLatch(1);
    CompletableFuture<Void> closed = null;
    try {
      int port = node.node.managementUri().getPort();
      // held in the phase where readiness turns false, until the test has seen it (the server
      // unbinds in the next phase)
      CoordinatedShutdown.get(node.node.system()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
          "test-hold", () -> CompletableFuture.supplyAsync(() -> {
            try {
              leave.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return Done.getInstance();
          }));

      assertEquals(200, RawHttp.exchange(port, "GET", "/alive", null).status());
      RawHttp.Answer ready = awaitStatus(port, 200);
      assertEquals(200, ready.status(), ready.body());
      // ready only once its home shards are allocated (HomeShardOpening), before any SIP message
      var shards = RawHttp.exchange(port, "GET", "/shards", null, "Authorization: Bearer " + TOKEN).json();
      var calls = shards.path("types").get(0);
      assertEquals("Call", calls.path("type").asText(), shards.toString());
      assertEquals(8, calls.path("shards").asInt(), shards.toString());
      assertEquals(0, calls.path("entities").asInt(), "the openers stopped at once: " + shards);
      // a read that is no probe still needs the token
      assertEquals(401, RawHttp.exchange(port, "GET", "/metrics", null).status());
      assertEquals(401, RawHttp.exchange(port, "GET", "/stats", null).status());
      assertEquals(200, RawHttp.exchange(port, "GET", "/stats", null, "Authorization: Bearer " + TOKEN).status());
      // a probe's path takes no write without the token
      assertEquals(401, RawHttp.exchange(port, "POST", "/ready", "").status());

      closed = CompletableFuture.runAsync(() -> {
        try {
          node.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      RawHttp.Answer leaving = awaitStatus(port, 503);
      assertEquals(503, leaving.status(), leaving.body());
      assertTrue(leaving.json().get("error").asText().startsWith("not ready"), leaving.body());
      assertEquals(200, RawHttp.exchange(port, "GET", "/alive", null).status(), "alive while leaving");
    } finally {
      leave.countDown();
      if (closed != null) {
        closed.get(60, TimeUnit.SECONDS);
      } else {
        node.close();
      }
    }
  }

  /** {@code GET /ready} until it answers {@code status}, for at most 15 s; the last answer. */
  private static RawHttp.Answer awaitStatus(int port, int status) throws Exception {
    RawHttp.Answer a = null;
    for (int i = 0; i < 75; i++) {
      a = RawHttp.exchange(port, "GET", "/ready", null);
      if (a.status() == status) {
        return a;
      }
      Thread.sleep(200);
    }
    return a;
  }
}
