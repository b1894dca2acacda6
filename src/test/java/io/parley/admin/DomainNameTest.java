package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DomainNameTest {

  @Test
  void aHostNameOrAddressIsKeptInLowerCase() {
    assertEquals("example.org", DomainName.parse("Example.ORG"));
    assertEquals("192.0.2.1", DomainName.parse("192.0.2.1"));
    assertEquals("[2001:db8::1]", DomainName.parse("[2001:DB8::1]"));
  }

  @Test
  void anythingElseIsRefusedWithAMessage() {
    for (String bad : new String[] {"", "a b.org", "x@example.org", ".example.org", "-example.org", "[]", "[2001:db8::1",
        "[g::1]", "exämple.org"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainName.parse(bad), bad);
      assertTrue(e.getMessage().contains("domain"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DomainName.parse(null));
    assertThrows(IllegalArgumentException.class, () -> DomainName.parse("a".repeat(256)));
  }
}
