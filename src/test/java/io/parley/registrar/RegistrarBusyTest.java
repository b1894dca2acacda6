package io.parley.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.AuthSettings;
import io.parley.auth.DigestAlgorithm;
import io.parley.auth.DigestAuthenticator;
import io.parley.auth.DigestVerifier;
import io.parley.auth.FailureGuard;
import io.parley.auth.FailureSettings;
import io.parley.auth.Ha1;
import io.parley.auth.InvalidReason;
import io.parley.auth.NonceCountTracker;
import io.parley.auth.NonceService;
import io.parley.common.LatencyRecorder;
import io.parley.message.SipRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A node at its bound on pending REGISTERs (RegisterAdmission) answers a new REGISTER 503 with a
 * Retry-After before challenging it, and still answers a banned guesser nothing at all.
 */
class RegistrarBusyTest {
  private final Clock clock = Clock.systemUTC();
  private final NonceService nonces = new NonceService("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8),
      Duration.ofSeconds(300), Duration.ofSeconds(5), clock);
  private final FailureGuard failures = new FailureGuard(FailureSettings.DEFAULT, clock);
  private final RegisterAuthenticator auth = new RegisterAuthenticator(new DigestAuthenticator(
      new AuthSettings("", Duration.ofSeconds(300), Duration.ofSeconds(5), 1_000, List.of(DigestAlgorithm.MD5)),
      nonces, new DigestVerifier(nonces, new NonceCountTracker(Duration.ofMinutes(10), 1000, clock),
          DigestAuthenticator::sameUri),
      (user, realm, algorithm) -> Optional.of(Ha1.compute(algorithm, user, realm, "pw")), "Parley", failures));
  private final RegisterAdmission admission =
      new RegisterAdmission(1, Duration.ZERO, Duration.ofSeconds(10), System::nanoTime);
  // no AOR entity is asked here: every REGISTER is answered before that
  private final Registrar registrar = new Registrar(RegistrarSettings.DEFAULT, domain -> true, null, "Parley", auth,
      LatencyRecorder.NONE, admission);

  private static SipRequest register() {
    return RegisterRulesTest.register("<sip:bob@example.com>", "Contact: <sip:bob@192.0.2.1>");
  }

  private List<Registrar.Answer> handle(InetAddress source) {
    List<Registrar.Answer> answers = new ArrayList<>();
    registrar.handle(register(), null, "udp:" + source.getHostAddress() + ":5060",
        new java.net.InetSocketAddress(source, 5060), Runnable::run,
        answers::add);
    return answers;
  }

  @Test
  void atTheBoundANewRegisterIsRefusedBeforeItsChallengeAndABannedSourceGetsNothing() throws Exception {
    InetAddress phone = InetAddress.getByName("127.0.0.2");
    assertEquals(401, handle(phone).get(0).status(), "below the bound: challenged");
    admission.admit("another REGISTER 1"); // one pending: the bound
    Registrar.Answer busy = handle(phone).get(0);
    assertEquals(503, busy.status());
    String text = new String(busy.response(), StandardCharsets.US_ASCII);
    assertTrue(text.contains("Retry-After: "), text);
    assertTrue(!text.contains("WWW-Authenticate"), text);

    InetAddress guesser = InetAddress.getByName("127.0.0.3");
    for (int i = 0; i < 1000 && failures.admits(guesser); i++) {
      failures.refused(guesser, "bob", "example.com", "REGISTER", InvalidReason.WRONG_CREDENTIALS);
    }
    assertEquals(List.of(), handle(guesser), "banned: no answer, not even a 503");
  }
}
