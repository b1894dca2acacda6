package io.parley.app;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * baresip (Debian package baresip) as a test's phone: one process per account, headless, with a
 * configuration folder of its own ({@code -f}) that sends everything through the node as outbound
 * proxy over UDP on 127.0.0.1. No sound card: no audio module is loaded, so a call's audio
 * stream has neither source nor player (baresip then just leaves them out) and the phones run
 * anywhere.
 *
 * <p>Everything the phone does is in its output: {@code -v} for its own lines (registration,
 * call states) and {@code -s} for every SIP message it sends and receives.
 */
final class Baresip implements AutoCloseable {
  static final String COMMAND = "baresip";
  private static final String MODULES = "/usr/lib/baresip/modules";

  private static final Pattern DIRECTION = Pattern.compile("UDP (\\S+) -> (\\S+)");
  private static final Pattern CSEQ = Pattern.compile("(?i)CSeq:\\s*\\d+\\s+(\\S+)\\s*");

  private final Path dir;
  private final Path log;
  private final int sipPort;
  private Process process;

  private Baresip(Path dir, int sipPort) {
    this.dir = dir;
    this.log = dir.resolve("baresip.out");
    this.sipPort = sipPort;
  }

  /** Skips the calling test where baresip is missing; fails it there in CI. */
  static void require() {
    OutsideProgram.require(COMMAND, "baresip");
  }

  /**
   * Writes the configuration of a phone for {@code user}@{@code domain} in a new folder under
   * {@code parent}: its password, the node as outbound proxy, and its own SIP port on 127.0.0.1.
   *
   * @param accountParams further account parameters, {@code ;answermode=auto} for a callee
   */
  static Baresip configure(Path parent, String user, String domain, String password, InetSocketAddress node,
      String accountParams) throws IOException {
    Path dir = Files.createDirectories(parent.resolve("baresip-" + user));
    int port = freeUdpPort();
    String proxy = "sip:" + node.getAddress().getHostAddress() + ":" + node.getPort() + ";transport=udp";
    Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + domain + ">;auth_pass="
        + password + ";outbound=\"" + proxy + "\";regint=600;audio_codecs=PCMU" + accountParams + "\n");
    Files.writeString(dir.resolve("config"), """
        poll_method\t\tpoll
        sip_listen\t\t127.0.0.1:%d
        sip_trans_def\t\tudp
        net_interface\t\t127.0.0.1
        rtp_ports\t\t40000-40100
        module_path\t\t%s
        module\t\t\tg711.so
        module_app\t\taccount.so
        module_app\t\tmenu.so
        """.formatted(port, MODULES));
    return new Baresip(dir, port);
  }

  /**
   * Starts the phone; it registers at once and then runs {@code commands} (as typed at its menu,
   * {@code /dial sip:bob@example.com}). After {@code quitAfterSeconds} it quits as on Ctrl-C:
   * its calls end with BYE and its registration is removed.
   */
  Baresip start(int quitAfterSeconds, String... commands) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(COMMAND, "-f", dir.toString(), "-v", "-s",
        "-t", String.valueOf(quitAfterSeconds)));
    for (String c : commands) {
      cmd.addAll(List.of("-e", c));
    }
    process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    return this;
  }

  int sipPort() {
    return sipPort;
  }

  /** Whether the phone's output matches {@code pattern} within {@code seconds}. */
  boolean awaitOutput(Pattern pattern, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      if (pattern.matcher(output()).find()) {
        return true;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return pattern.matcher(output()).find();
  }

  /** Whether the phone quit by itself within {@code seconds}. */
  boolean awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * A SIP message in the phone's trace ({@code -s}): whether it sent it, the address at the other
   * end ({@code 127.0.0.1:5060}), its start line, its CSeq method.
   */
  record Traced(boolean sent, String peer, String startLine, String cseqMethod) {
    boolean isResponse(int status, String method) {
      return startLine.startsWith("SIP/2.0 " + status + " ") && cseqMethod.equals(method);
    }

    boolean isRequest(String method) {
      return startLine.startsWith(method + " ");
    }
  }

  /**
   * The SIP messages in the phone's trace, in order. baresip prints each as a line
   * {@code UDP <from> -> <to>}, the message, and an empty line.
   */
  List<Traced> trace() throws IOException {
    List<Traced> messages = new ArrayList<>();
    String[] lines = output().split("\r?\n", -1);
    String us = "127.0.0.1:" + sipPort;
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher m = DIRECTION.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      String startLine = lines[++i];
      String method = "";
      while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
        Matcher cseq = CSEQ.matcher(lines[++i]);
        if (cseq.matches()) {
          method = cseq.group(1);
        }
      }
      boolean sent = m.group(1).equals(us);
      messages.add(new Traced(sent, sent ? m.group(2) : m.group(1), startLine, method));
    }
    return messages;
  }

  /** Whether the trace holds a message sent ({@code sent}) or received that {@code test} accepts. */
  boolean traced(boolean sent, java.util.function.Predicate<Traced> test) throws IOException {
    return trace().stream().anyMatch(t -> t.sent() == sent && test.test(t));
  }

  /** Quits as on SIGTERM, then kills what is left. */
  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
