package io.parley.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.parley.call.RecordingSender.Sent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/** Reading what the recording transport saw: messages that actors send concurrently, in any order. */
final class Wire {
  private final TestProbe<Sent> probe;

  Wire(TestProbe<Sent> probe) {
    this.probe = probe;
  }

  /** The next {@code n} messages sent, in whatever order the actors sent them. */
  List<Sent> next(int n) {
    return new ArrayList<>(probe.receiveSeveralMessages(n));
  }

  /** The one message of {@code sent} that went to {@code port} with a start line beginning {@code start}. */
  static Sent find(List<Sent> sent, int port, String start) {
    List<Sent> found = sent.stream().filter(to(port)).filter(s -> s.startLine().startsWith(start)).toList();
    if (found.size() != 1) {
      fail("expected one \"" + start + "\" to port " + port + " in " + sent);
    }
    return found.get(0);
  }

  static Predicate<Sent> to(int port) {
    return s -> s.to().equals(new InetSocketAddress("127.0.0.1", port));
  }

  /** The value of the first header field {@code name} (full name, as the proxy writes it), or null. */
  static String header(Sent s, String name) {
    for (String line : s.text().split("\r\n")) {
      if (line.isEmpty()) {
        return null;
      }
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  /** The branch parameter of the topmost Via. */
  static String topBranch(Sent s) {
    String via = header(s, "Via");
    int b = via.indexOf("branch=");
    int end = via.indexOf(';', b);
    return via.substring(b + 7, end < 0 ? via.length() : end);
  }

  static void assertStart(String expected, Sent s) {
    assertEquals(expected, s.startLine(), s.text());
  }
}
