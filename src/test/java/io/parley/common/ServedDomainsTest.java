package io.parley.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedDomainsTest {

  @Test
  void configuredAndProvisionedDomainsAreServedInAnyCase() {
    ServedDomains served = new ServedDomains(List.of("Example.COM"));
    assertTrue(served.contains("example.com"));
    assertFalse(served.contains("example.org"));

    served.provisioned(List.of("EXAMPLE.org"));
    assertTrue(served.contains("Example.Org"));
    assertEquals(Set.of("example.com", "example.org"), served.all());
  }

  @Test
  void aDomainRemovedFromTheTableIsNoLongerServedButTheConfiguredOnesStay() {
    ServedDomains served = new ServedDomains(List.of("example.com"));
    served.provisioned(List.of("example.org"));
    served.provisioned(List.of());
    assertFalse(served.contains("example.org"));
    assertTrue(served.contains("example.com"));
  }

  @Test
  void aDomainServedTemporarilyOutlivesRereadsUntilItsEndAndLeavesTheOthers() {
    ServedDomains served = new ServedDomains(List.of("example.com"));
    served.serveTemporarily("Warm-Up.invalid");
    served.reread(() -> List.of("example.org"));
    assertTrue(served.contains("warm-up.INVALID"), "a re-read of the table does not end it");
    served.serveTemporarily("example.com");
    served.stopServingTemporarily("warm-up.invalid");
    served.stopServingTemporarily("example.com");
    assertFalse(served.contains("warm-up.invalid"));
    assertTrue(served.contains("example.com"), "configured");
    assertTrue(served.contains("example.org"), "provisioned");
  }

  @Test
  void onlyTheConfigurationsDomainsAreConfigured() {
    ServedDomains served = new ServedDomains(List.of("Example.COM"));
    served.provisioned(List.of("example.org"));
    assertEquals(Set.of("example.com"), served.configured());
    assertTrue(served.isConfigured("EXAMPLE.com"));
    assertFalse(served.isConfigured("example.org"));
  }

  @Test
  void oneRowIsReReadWithoutTouchingTheOthers() {
    ServedDomains served = new ServedDomains(List.of("example.com"));
    served.reread(() -> List.of("example.org", "example.net"));
    served.reread("Example.ORG", d -> false);
    assertFalse(served.contains("example.org"));
    assertTrue(served.contains("example.net"));
    served.reread("example.info", "example.info"::equals);
    assertEquals(Set.of("example.com", "example.net", "example.info"), served.all());
    served.reread("example.com", d -> false);
    assertTrue(served.contains("example.com"), "a configured domain stays");
  }
}
