package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.location.Binding;
import io.parley.location.Bindings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.5: the location service's bindings as a target set. */
class LocationLookupTest {
  private static Binding binding(String contact, int q, String flow) {
    return new Binding(contact, q, "", 2_000, 2_000, "c", 1, flow, List.of(), null, 0, null, 1_000);
  }

  @Test
  void bindingsBecomeTargetsWithTheirQAndFlow() {
    TargetResolver.Targets t = assertInstanceOf(TargetResolver.Targets.class, LocationLookup.resolution(new Bindings(
        List.of(binding("sip:a@192.0.2.1:5070", 800, "udp~1~n"), binding("sip:b@192.0.2.2", Binding.Q_UNSPECIFIED, null))),
        false));
    assertEquals(2, t.targets().size());
    assertEquals("sip:a@192.0.2.1:5070", t.targets().get(0).uri().toString());
    assertEquals(800, t.targets().get(0).qThousandths());
    assertEquals("udp~1~n", t.targets().get(0).flowToken());
    assertEquals(Target.DEFAULT_Q, t.targets().get(1).qThousandths());
  }

  /** RFC 3327 §5.3, RFC 5626 §6: a binding's Path, source and outbound-ness reach its target. */
  @Test
  void aTargetCarriesItsBindingsPathSourceAndOutbound() {
    Binding b = new Binding("sip:bob@192.0.2.2;transport=tcp", 1000, ";reg-id=1;+sip.instance=\"<urn:uuid:1>\"",
        2_000, 2_000, "c", 1, "tcp~2a~n", List.of("<sip:p3.example.com;lr>", "<sip:p1.example.com;lr>"),
        "<urn:uuid:1>", 1, "tcp:198.51.100.7:40001", 1_000);
    Target t = LocationLookup.target(b);
    assertEquals(List.of("sip:p3.example.com;lr", "sip:p1.example.com;lr"),
        t.path().stream().map(p -> p.uri().toString()).toList());
    assertEquals("tcp:198.51.100.7:40001", t.received());
    assertTrue(t.outbound());
    assertFalse(LocationLookup.target(binding("sip:a@192.0.2.1", 1000, null)).outbound());
  }

  /** 404 for what is neither subscriber nor alias, 480 for a subscriber without bindings. */
  @Test
  void noBindingsIsUnavailableForAKnownAorAndNotFoundOtherwise() {
    assertEquals(TargetResolver.NOT_FOUND, LocationLookup.resolution(new Bindings(List.of()), false));
    assertEquals(TargetResolver.UNAVAILABLE, LocationLookup.resolution(new Bindings(List.of()), true));
  }

  @Test
  void aContactThatIsNoUriIsSkipped() {
    assertEquals(TargetResolver.UNAVAILABLE,
        LocationLookup.resolution(new Bindings(List.of(binding("not a uri", 1000, null))), true));
  }
}
