package io.parley.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * linphonec, Linphone's console phone (Debian package linphone-cli), as a test's phone: one
 * process per account with a home folder and a configuration file of its own, the node as its
 * proxy over UDP on 127.0.0.1, TCP and TLS off.
 *
 * <p>liblinphone 5.1 keeps a database under {@code $HOME/.local/share/linphone} and, where that
 * folder is missing, never brings its network up: it opens no SIP socket and never registers,
 * without a word on its console. The folder is made here.
 */
final class Linphonec implements AutoCloseable {
  static final String COMMAND = "linphonec";

  private final Path home;
  private final Path config;
  private final Path console;
  private final Path log;
  private final int sipPort;
  private Process process;

  private Linphonec(Path home, int sipPort) {
    this.home = home;
    this.config = home.resolve("linphonerc");
    this.console = home.resolve("linphonec.out");
    this.log = home.resolve("linphonec.log");
    this.sipPort = sipPort;
  }

  /** Skips the calling test where linphonec is missing; fails it there in CI. */
  static void require() {
    OutsideProgram.require(COMMAND, "linphone-cli");
  }

  /**
   * Writes the configuration of a phone for {@code user}@{@code domain} in a new folder under
   * {@code parent}: its password and the node as its proxy.
   */
  static Linphonec configure(Path parent, String user, String domain, String password, InetSocketAddress node)
      throws IOException {
    Path home = Files.createDirectories(parent.resolve("linphonec-" + user));
    Files.createDirectories(home.resolve(".local/share/linphone"));
    int port = freeUdpPort();
    String proxy = "sip:" + node.getAddress().getHostAddress() + ":" + node.getPort() + ";transport=udp";
    Linphonec phone = new Linphonec(home, port);
    Files.writeString(phone.config, """
        [sip]
        bind_address=127.0.0.1
        sip_port=%d
        sip_tcp_port=0
        sip_tls_port=0
        use_ipv6=0
        ipv6_migration_done=1
        default_proxy=0

        [auth_info_0]
        username=%s
        passwd=%s
        realm=%s
        domain=%s

        [proxy_0]
        reg_proxy=<%s>
        reg_identity=sip:%s@%s
        reg_expires=600
        reg_sendregister=1
        publish=0
        """.formatted(port, user, password, domain, domain, proxy, user, domain));
    return phone;
  }

  /** Starts the phone; it registers at once. Its console reads commands from us. */
  Linphonec start() throws IOException {
    return start(false);
  }

  /** Starts the phone, which answers every call by itself when {@code autoAnswer} ({@code -a}). */
  Linphonec start(boolean autoAnswer) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(COMMAND, "-c", config.toString(), "-d", "6", "-l", log.toString()));
    if (autoAnswer) {
      cmd.add("-a");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
    pb.environment().put("HOME", home.toString());
    // PulseAudio's client would otherwise keep its runtime folder in /tmp, linked from HOME
    Path runtime = Files.createDirectories(home.resolve("run"));
    pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
    pb.environment().put("PULSE_RUNTIME_PATH", runtime.resolve("pulse").toString());
    process = pb.start();
    return this;
  }

  int sipPort() {
    return sipPort;
  }

  /**
   * Whether the phone's debug log matches {@code pattern} within {@code seconds}. The console is
   * no use for this: linphonec buffers what it prints there when that is not a terminal.
   */
  boolean awaitLog(Pattern pattern, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      if (pattern.matcher(log()).find()) {
        return true;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return pattern.matcher(log()).find();
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The console and the SIP messages from the debug log, for a failure message. */
  String output() throws IOException {
    String console = Files.exists(this.console) ? Files.readString(this.console) : "";
    String all = log();
    return "console:\n" + console + "\nlog (tail):\n" + (all.length() > 12_000 ? all.substring(all.length() - 12_000) : all);
  }

  /** Quits as typed at its console, then kills what is left. */
  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    try (OutputStream in = process.getOutputStream()) {
      in.write("quit\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException gone) {
      // it has quit already
    }
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
