package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SIPp (Debian package sip-tester) driven from a test: scenarios from {@code src/test/resources/sipp},
 * one process per side, bounded in calls ({@code -m}) and time ({@code -timeout}).
 *
 * <p>Where {@code sipp} is not on the PATH a test is skipped with that reason — except when
 * {@code CI=true}, where nothing that was meant to run may be skipped, so it fails.
 */
final class Sipp {
  private final List<String> args = new ArrayList<>();
  private final List<String> prefix = new ArrayList<>();
  private final String name;
  private Process process;
  private Path log;
  private Path errors;
  private int recvTimeoutMs = 20_000;

  private Sipp(String name) {
    this.name = name;
  }

  /** Skips the calling test where SIPp is missing; fails it there in CI. */
  static void require() {
    OutsideProgram.require("sipp", "sip-tester");
  }

  static boolean onPath() {
    return OutsideProgram.onPath("sipp");
  }

  /** A caller running {@code scenario} against {@code proxy}, calling {@code service}@example.com. */
  static Sipp uac(String scenario, InetSocketAddress proxy, String service) {
    Sipp s = new Sipp(scenario);
    s.args.add(proxy.getAddress().getHostAddress() + ":" + proxy.getPort());
    s.args.addAll(List.of("-sf", scenarioPath(scenario), "-s", service, "-i", "127.0.0.1", "-p", "0"));
    return s;
  }

  /** A callee running {@code scenario} on {@code port}. */
  static Sipp uas(String scenario, int port) {
    Sipp s = new Sipp(scenario);
    s.args.addAll(List.of("-sf", scenarioPath(scenario), "-i", "127.0.0.1", "-p", String.valueOf(port)));
    return s;
  }

  /**
   * SIPp running {@code scenario} on {@code localIp}:{@code localPort} against {@code target}
   * ({@code host:port}), for a test that chooses its addresses (network namespaces).
   */
  static Sipp at(String scenario, String localIp, int localPort, String target) {
    Sipp s = new Sipp(scenario);
    s.args.add(target);
    s.args.addAll(List.of("-sf", scenarioPath(scenario), "-i", localIp, "-p", String.valueOf(localPort)));
    return s;
  }

  /** The user part SIPp's scenario puts in [service] ({@code -s}). */
  Sipp service(String service) {
    args.addAll(List.of("-s", service));
    return this;
  }

  /** The scenario for messages of a Call-ID no call of its own has, e.g. a call to it ({@code -oocsf}). */
  Sipp outOfCall(String scenario) {
    args.addAll(List.of("-oocsf", scenarioPath(scenario)));
    return this;
  }

  /** Runs SIPp in the network namespace {@code netns} ({@code ip netns exec}; root only). */
  Sipp inNamespace(String netns) {
    prefix.clear();
    prefix.addAll(List.of("ip", "netns", "exec", netns));
    return this;
  }

  Sipp calls(int count, int perSecond) {
    args.addAll(List.of("-m", String.valueOf(count), "-r", String.valueOf(perSecond)));
    return this;
  }

  /** A callee's number of calls before it exits ({@code -m}). */
  Sipp expect(int count) {
    args.addAll(List.of("-m", String.valueOf(count)));
    return this;
  }

  Sipp transport(String mode) {
    args.addAll(List.of("-t", mode));
    return this;
  }

  /** Drops this share of the messages SIPp sends and receives ({@code -lost}). */
  Sipp lost(int percent) {
    args.addAll(List.of("-lost", String.valueOf(percent)));
    return this;
  }

  /**
   * The user name and password SIPp answers digest challenges with, signing its own digest-uri
   * as it does by default: {@code sip:} and the address it sends to, not the Request-URI.
   */
  Sipp auth(String user, String password) {
    args.addAll(List.of("-au", user, "-ap", password));
    return this;
  }

  /**
   * The user name and password SIPp answers digest challenges with ({@code -au}, {@code -ap}),
   * and the digest-uri: SIPp's default is the remote address, not the Request-URI that RFC 3261
   * §22.4 names ({@code -auth_uri} takes it without the scheme).
   */
  Sipp auth(String user, String password, String digestUriWithoutScheme) {
    args.addAll(List.of("-au", user, "-ap", password, "-auth_uri", digestUriWithoutScheme));
    return this;
  }

  /**
   * Lets a call go on past a message its scenario does not expect there ({@code -default_behaviors
   * all,-abortunexp}): with loss, a caller whose ACK and BYE were both lost re-ACKs a retransmitted
   * 200, and that ACK can reach the callee after the BYE, as it would reach a real phone.
   */
  Sipp tolerateLateMessages() {
    args.addAll(List.of("-default_behaviors", "all,-abortunexp"));
    return this;
  }

  /** How long a scenario's {@code <pause/>} lasts ({@code -d}). */
  Sipp pause(Duration pause) {
    args.addAll(List.of("-d", String.valueOf(pause.toMillis())));
    return this;
  }

  /** How long a step waits for a message before the call fails ({@code -recv_timeout}); 20 s by default. */
  Sipp recvTimeout(Duration timeout) {
    recvTimeoutMs = (int) timeout.toMillis();
    return this;
  }

  /**
   * A count of SIPp's final statistics, e.g. {@code "Successful call"} or {@code "Failed call"}:
   * the cumulative column of the last screen it printed; -1 if there is none yet.
   */
  long total(String label) throws IOException {
    String out = log == null || !Files.exists(log) ? "" : Files.readString(log);
    int at = out.lastIndexOf(label);
    if (at < 0) {
      return -1;
    }
    int end = out.indexOf('\n', at);
    String[] cells = out.substring(at, end < 0 ? out.length() : end).split("\\|");
    return Long.parseLong(cells[cells.length - 1].trim());
  }

  /** Each call takes the next line of {@code csv} ({@code -inf}): its fields are [field0], [field1], … */
  Sipp inject(Path csv) {
    args.addAll(List.of("-inf", csv.toString()));
    return this;
  }

  Sipp key(String key, String value) {
    args.addAll(List.of("-key", key, value));
    return this;
  }

  Sipp start(Path dir, int timeoutSeconds) throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add("sipp");
    cmd.addAll(args);
    cmd.addAll(List.of("-timeout", timeoutSeconds + "s", "-timeout_error", "-nostdin",
        "-recv_timeout", String.valueOf(recvTimeoutMs), "-trace_err", "-error_file", errorsIn(dir).toString()));
    log = dir.resolve(name + "-" + System.nanoTime() + ".out");
    process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return this;
  }

  /** Waits for the process; true when SIPp counted every call successful (exit status 0). */
  boolean succeeded(int waitSeconds) throws Exception {
    if (!process.waitFor(waitSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    return process.exitValue() == 0;
  }

  /** What SIPp printed, and the tail of its error file. */
  String output() throws IOException {
    String out = log == null || !Files.exists(log) ? "" : Files.readString(log);
    if (errors != null && Files.exists(errors)) {
      String e = Files.readString(errors);
      out += "\n--- errors ---\n" + (e.length() > 6000 ? e.substring(e.length() - 6000) : e);
    }
    return out;
  }

  /**
   * Asserts that the caller and every callee counted all their calls successful, with their
   * output when not; kills them all in any case.
   */
  static void assertCompleted(Sipp uac, Sipp... callees) throws Exception {
    try {
      boolean callerOk = uac.succeeded(120);
      StringBuilder failures = new StringBuilder(callerOk ? "" : "caller:\n" + uac.output());
      for (Sipp uas : callees) {
        if (!uas.succeeded(callerOk ? 60 : 5)) {
          failures.append("\ncallee:\n").append(uas.output());
        }
      }
      assertTrue(failures.isEmpty(), failures.toString());
    } finally {
      uac.kill();
      for (Sipp uas : callees) {
        uas.kill();
      }
    }
  }

  private Path errorsIn(Path dir) {
    errors = dir.resolve(name + "-" + System.nanoTime() + "-errors.log");
    return errors;
  }

  void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private static String scenarioPath(String scenario) {
    try {
      return Path.of(Sipp.class.getResource("/sipp/" + scenario + ".xml").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
