package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.SubscriberId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressOfRecordTest {

  @Test
  void readsUserAtDomainAndLowerCasesTheDomainOnly() {
    assertEquals(new SubscriberId("Alice", "example.com"), AddressOfRecord.parse("Alice@Example.COM"));
    assertEquals("Alice", AddressOfRecord.parse("Alice@Example.COM").username());
  }

  @Test
  void acceptsASipOrSipsSchemeAndAddressLiterals() {
    assertEquals(new SubscriberId("bob", "example.com"), AddressOfRecord.parse("sip:bob@example.com"));
    assertEquals(new SubscriberId("bob", "example.com"), AddressOfRecord.parse("SIPS:bob@example.com"));
    assertEquals(new SubscriberId("1001", "192.0.2.1"), AddressOfRecord.parse("1001@192.0.2.1"));
    assertEquals(new SubscriberId("x", "[2001:db8::1]"), AddressOfRecord.parse("x@[2001:db8::1]"));
  }

  /**
   * RFC 3261 §25.1: user = 1*( unreserved / escaped / user-unreserved ); an escape is resolved
   * when it need not be one (§19.1.4), kept (upper-case) when it must.
   */
  @Test
  void acceptsEveryUserCharacterOfTheGrammar() {
    String user = "a-_.!~*'()&=+$,;?/";
    assertEquals(user, AddressOfRecord.parse(user + "@example.com").username());
    assertEquals(user + "A%20%3A", AddressOfRecord.parse(user + "%41%20%3a@example.com").username());
    assertEquals("alice", AddressOfRecord.parse("%61lice@example.com").username());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "alice", "@example.com", "alice@", "a@b@example.com", "al ice@example.com",
      "alice@exa mple.com", "alice@example.com:5060;transport=tcp", "al<ice@example.com", "alice@[::1",
      "alice@.example.com", "ålice@example.com", "50%@example.com", "%zz@example.com", "a%4@example.com"})
  void refusesWhatIsNoAddressOfRecordWithAMessage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressOfRecord.parse(text));
    assertTrue(e.getMessage().contains("address of record"), e.getMessage());
  }

  @Test
  void refusesPartsLongerThanTheColumns() {
    String longUser = "u".repeat(SubscriberId.MAX_USERNAME + 1);
    assertThrows(IllegalArgumentException.class, () -> AddressOfRecord.parse(longUser + "@example.com"));
    assertEquals(SubscriberId.MAX_USERNAME,
        AddressOfRecord.parse("u".repeat(SubscriberId.MAX_USERNAME) + "@example.com").username().length());
  }
}
