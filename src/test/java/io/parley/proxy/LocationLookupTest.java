package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
        List.of(binding("sip:a@192.0.2.1:5070", 800, "udp~1~n"), binding("sip:b@192.0.2.2", Binding.Q_UNSPECIFIED, null)))));
    assertEquals(2, t.targets().size());
    assertEquals("sip:a@192.0.2.1:5070", t.targets().get(0).uri().toString());
    assertEquals(800, t.targets().get(0).qThousandths());
    assertEquals("udp~1~n", t.targets().get(0).flowToken());
    assertEquals(Target.DEFAULT_Q, t.targets().get(1).qThousandths());
  }

  @Test
  void neverRegisteredIsNotFoundAndNoLongerRegisteredIsUnavailable() {
    assertEquals(TargetResolver.NOT_FOUND, LocationLookup.resolution(new Bindings(List.of(), false)));
    assertEquals(TargetResolver.UNAVAILABLE, LocationLookup.resolution(new Bindings(List.of(), true)));
  }

  @Test
  void aContactThatIsNoUriIsSkipped() {
    assertEquals(TargetResolver.UNAVAILABLE,
        LocationLookup.resolution(new Bindings(List.of(binding("not a uri", 1000, null)), true)));
  }
}
