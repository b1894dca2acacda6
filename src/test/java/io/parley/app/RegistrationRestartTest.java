package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.parley.config.ConfigLoader;
import io.parley.transport.Transport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's {@code DELETE /registrations/…} is written to the journal: after a restart on the
 * same database the removed bindings stay removed and the others are still there.
 */
class RegistrationRestartTest {
  @TempDir Path dir;

  private Node start() {
    return Node.start(ConfigLoader.layered(ConfigFactory.parseString("""
        parley.domains = ["example.com"]
        parley.sip.listen = ["udp:127.0.0.1:0"]
        parley.registrar.authenticate = off
        parley.registrar.wake-settle = 0s
        parley.cluster.port = 0
        pekko.management.http.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        parley.storage.jdbc-url = "jdbc:h2:file:%s/parley"
        """.formatted(dir.toAbsolutePath().toString().replace('\\', '/')))));
  }

  @Test
  void removalsSurviveARestart() throws Exception {
    Node first = start();
    try (SipProbe ua = new SipProbe(first.sipAddresses(Transport.UDP).get(0))) {
      ManagementHttp http = new ManagementHttp(first);
      for (String contact : new String[] {"<sip:rita@127.0.0.1:5061>", "<sip:rita@127.0.0.1:5062>"}) {
        String ok = TestRegister.of("rita", "example.com", "rr-" + contact.hashCode()).contact(contact)
            .header("User-Agent: Restarted/1.0").sendFrom(ua);
        assertEquals(200, SipProbe.status(ok), ok);
      }
      String ok = TestRegister.of("sam", "example.com", "rr-sam").contact("<sip:sam@127.0.0.1:5063>").sendFrom(ua);
      assertEquals(200, SipProbe.status(ok), ok);
      assertEquals(204, http.send("DELETE", "/registrations/rita@example.com?contact=sip:rita@127.0.0.1:5061", null)
          .status());
      assertEquals(204, http.send("DELETE", "/registrations/sam@example.com", null).status());
    } finally {
      first.close();
    }

    Node second = start();
    try {
      ManagementHttp http = new ManagementHttp(second);
      ManagementHttp.Answer rita = http.send("GET", "/registrations/rita@example.com", null);
      assertEquals(200, rita.status(), rita.body());
      JsonNode bindings = rita.json().path("bindings");
      assertEquals(1, bindings.size(), rita.body());
      assertEquals("sip:rita@127.0.0.1:5062", bindings.get(0).path("contact").asText());
      assertEquals("Restarted/1.0", bindings.get(0).path("user_agent").asText());
      assertEquals(second.system().address().toString(), bindings.get(0).path("node").asText());
      ManagementHttp.Answer sam = http.send("GET", "/registrations/sam@example.com", null);
      assertEquals(404, sam.status(), sam.body());
      assertEquals(0, sam.json().path("bindings").size(), sam.body());
    } finally {
      second.close();
    }
  }
}
