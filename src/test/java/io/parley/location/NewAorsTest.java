package io.parley.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewAorsTest {

  @Test
  void noShortcutBeforeTheJournalHasBeenRead() {
    NewAors aors = new NewAors(1000);
    assertFalse(aors.claim("alice@example.com"));
    assertFalse(aors.isClaimed("Aor|alice@example.com"));
    aors.loaded();
    assertTrue(aors.claim("bob@example.com"));
    aors.reloading();
    assertFalse(aors.claim("carol@example.com"), "while the journal is read again");
  }

  @Test
  void aClaimIsAnsweredOnceAndTheAorIsKnownFromThen() {
    NewAors aors = new NewAors(1000);
    aors.loaded();
    assertTrue(aors.claim("alice@example.com"));
    assertTrue(aors.isClaimed("Aor|alice@example.com"));
    assertFalse(aors.claim("alice@example.com"), "claimed once: a restart recovers from the journal");
    assertTrue(aors.takeClaim("Aor|alice@example.com"));
    assertFalse(aors.isClaimed("Aor|alice@example.com"));
    assertFalse(aors.takeClaim("Aor|alice@example.com"));
    assertEquals(1, aors.shortcuts());
  }

  @Test
  void anAorReadFromTheJournalOrWrittenHereIsNotNew() {
    NewAors aors = new NewAors(1000);
    aors.known("Aor|alice@example.com");
    aors.known("Aor|bob@example.com");
    aors.loaded();
    assertFalse(aors.claim("alice@example.com"));
    assertFalse(aors.claim("bob@example.com"));
    assertTrue(aors.claim("carol@example.com"));
    assertFalse(aors.takeClaim("Aor|bob@example.com"), "only claimed ids are answered without the journal");
  }

  @Test
  void anExpectedCountOutOfRangeStopsTheStartNamingTheKey() {
    for (String value : List.of("0", "-5", "1000000001")) {
      ConfigException e = assertThrows(ConfigException.BadValue.class,
          () -> NewAors.from(ConfigFactory.parseString("parley.registrar.expected-aors = " + value)));
      assertTrue(e.getMessage().contains("parley.registrar.expected-aors"), e.getMessage());
    }
    assertFalse(NewAors.from(ConfigFactory.parseString("parley.registrar.expected-aors = 10")).claim("alice@example.com"),
        "not loaded yet");
  }
}
