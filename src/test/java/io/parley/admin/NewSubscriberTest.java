package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.auth.SubscriberId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewSubscriberTest {

  @Test
  void readsAnAorAPasswordAndAliases() {
    NewSubscriber n = NewSubscriber.fromJson(
        "{\"aor\":\"alice@example.com\",\"password\":\"s3cret\",\"aliases\":[\"al@example.com\",\"sip:a2@example.com\"]}");
    assertEquals(new SubscriberId("alice", "example.com"), n.id());
    assertEquals("s3cret", n.password());
    assertEquals(List.of(new SubscriberId("al", "example.com"), new SubscriberId("a2", "example.com")), n.aliases());
  }

  @Test
  void readsAMaxCallDurationOrNone() {
    NewSubscriber n = NewSubscriber.fromJson("{\"aor\":\"a@example.com\",\"password\":\"x\",\"max_call_duration\":\"2h\"}");
    assertEquals(java.time.Duration.ofHours(2), n.maxCallDuration());
    assertEquals(null, NewSubscriber.fromJson("{\"aor\":\"a@example.com\",\"password\":\"x\"}").maxCallDuration());
    assertThrows(IllegalArgumentException.class, () -> NewSubscriber.fromJson(
        "{\"aor\":\"a@example.com\",\"password\":\"x\",\"max_call_duration\":0}"));
  }

  @Test
  void readsAUsernameAndDomainInPlaceOfTheAor() {
    NewSubscriber n = NewSubscriber.fromJson("{\"username\":\"bob\",\"domain\":\"Example.com\",\"password\":\"x\"}");
    assertEquals(new SubscriberId("bob", "example.com"), n.id());
    assertEquals(List.of(), n.aliases());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"aor\":\"alice@example.com\"}                         | password",
      "{\"aor\":\"alice@example.com\",\"password\":\"\"}       | password",
      "{\"aor\":\"alice@example.com\",\"password\":7}          | 'password' must be a string",
      "{\"password\":\"x\"}                                    | 'aor'",
      "{\"username\":\"bob\",\"password\":\"x\"}               | 'aor'",
      "{\"aor\":\"a@example.com\",\"username\":\"a\",\"password\":\"x\"} | not both",
      "{\"aor\":\"a@example.com\",\"pasword\":\"x\"}           | unknown field 'pasword'",
      "{\"aor\":\"nobody\",\"password\":\"x\"}                 | address of record",
      "{\"aor\":\"a@example.com\",\"password\":\"x\",\"aliases\":\"b@example.com\"} | array",
      "{\"aor\":\"a@example.com\",\"password\":\"x\",\"aliases\":[1]} | array",
      "[1,2]                                                   | JSON object",
      "not json                                                | not JSON",
      "``                                                      | empty"})
  void refusesWithAMessageThatSaysWhat(String body, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NewSubscriber.fromJson(body));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void capsThePasswordAndTheAliases() {
    String pw = "p".repeat(NewSubscriber.MAX_PASSWORD + 1);
    assertThrows(IllegalArgumentException.class,
        () -> NewSubscriber.fromJson("{\"aor\":\"a@example.com\",\"password\":\"" + pw + "\"}"));
    StringBuilder aliases = new StringBuilder();
    for (int i = 0; i <= NewSubscriber.MAX_ALIASES; i++) {
      aliases.append(i == 0 ? "" : ",").append("\"x").append(i).append("@example.com\"");
    }
    assertThrows(IllegalArgumentException.class, () -> NewSubscriber.fromJson(
        "{\"aor\":\"a@example.com\",\"password\":\"x\",\"aliases\":[" + aliases + "]}"));
  }

  @Test
  void aPasswordChangeTakesOnlyAPassword() {
    assertEquals("new", NewSubscriber.passwordFromJson("{\"password\":\"new\"}"));
    assertThrows(IllegalArgumentException.class, () -> NewSubscriber.passwordFromJson("{\"password\":\"n\",\"aor\":\"x\"}"));
    assertThrows(IllegalArgumentException.class, () -> NewSubscriber.passwordFromJson("{}"));
  }
}
