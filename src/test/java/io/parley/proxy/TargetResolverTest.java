package io.parley.proxy;

import static io.parley.proxy.Msgs.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.parley.message.SipRequest;
import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import io.parley.proxy.TargetResolver.Lookup;
import io.parley.proxy.TargetResolver.Resolution;
import io.parley.proxy.TargetResolver.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private static final StaticRoutes STATIC;

  static {
    Map<SipUri, List<SipUri>> m = new LinkedHashMap<>();
    m.put(SipUri.parse("sip:carol@example.com"), List.of(SipUri.parse("sip:127.0.0.1:5090")));
    m.put(SipUri.parse("sip:pstn.example.net"), List.of(SipUri.parse("sip:gw1.example.net"), SipUri.parse("sip:gw2.example.net")));
    STATIC = StaticRoutes.of(m);
  }

  private static final TargetResolver RESOLVER = new TargetResolver(IDENTITY, STATIC);
  private static final RoutePreprocessing PRE = new RoutePreprocessing(IDENTITY, Msgs.TOKENS);

  private static Resolution resolve(String text) {
    return RESOLVER.resolve(PRE.apply(Msgs.request(text)));
  }

  private static List<String> uris(Resolution r) {
    return assertInstanceOf(Targets.class, r).targets().stream().map(t -> t.uri().toString()).toList();
  }

  @Test
  void foreignDomainGoesToTheRequestUri() {
    assertEquals(List.of("sip:bob@example.net"), uris(resolve(Msgs.invite("sip:bob@example.net"))));
  }

  @Test
  void ourDomainAsksTheLocationService() {
    Lookup l = assertInstanceOf(Lookup.class, resolve(Msgs.invite("sip:Bob@EXAMPLE.com;user=phone")));
    assertEquals("Bob@example.com", l.aor());
    assertEquals("sip:Bob@EXAMPLE.com;user=phone", l.requestUri().toString());
  }

  @Test
  void ourDomainWithoutUserIsNotFound() {
    assertSame(TargetResolver.NOT_FOUND, resolve(Msgs.invite("sip:example.com")));
  }

  @Test
  void staticRoutesComeFirstAndFork() {
    assertEquals(List.of("sip:127.0.0.1:5090"), uris(resolve(Msgs.invite("sip:carol@Example.COM"))));
    assertEquals(List.of("sip:gw1.example.net", "sip:gw2.example.net"),
        uris(resolve(Msgs.invite("sip:+15551234@pstn.example.net;user=phone"))));
    assertInstanceOf(Lookup.class, resolve(Msgs.invite("sip:Carol@example.com")), "the user part is case-sensitive");
  }

  @Test
  void inDialogAndRoutedRequestsKeepTheirRequestUri() {
    String inDialog = Msgs.invite("sip:carol@example.net").replace("To: <sip:carol@example.net>", "To: <sip:carol@example.net>;tag=c");
    assertEquals(List.of("sip:carol@example.net"), uris(resolve(inDialog)));
    // in a dialog, but addressed to a user of ours (a remote target that is an AOR): looked up
    String toOurs = Msgs.invite("sip:dave@example.com").replace("To: <sip:dave@example.com>", "To: <sip:dave@example.com>;tag=c");
    assertInstanceOf(Lookup.class, resolve(toOurs));
    assertInstanceOf(Lookup.class, resolve(toOurs.replace("sip:dave@example.com SIP", "sip:dave@example.com:5060 SIP")),
        "on our port");
    // a phone's contact on a host that is one of our domains, on a port none of our sockets has
    String toPhone = toOurs.replace("sip:dave@example.com SIP", "sip:dave@example.com:5090 SIP");
    assertEquals(List.of("sip:dave@example.com:5090"), uris(resolve(toPhone)));
    String routed = Msgs.invite("sip:bob@example.com").replace("CSeq: 17 INVITE\n", "CSeq: 17 INVITE\nRoute: <sip:edge.example.net;lr>\n");
    assertEquals(List.of("sip:bob@example.com"), uris(resolve(routed)));
  }

  @Test
  void telUriHasNoRouteYet() {
    assertSame(TargetResolver.NOT_FOUND, resolve(Msgs.invite("tel:+15551234567")));
  }

  @Test
  void bindingsBecomeTargets() {
    Target t = Target.ofContact("sip:bob@203.0.113.5:5070;ob", -1, "udp:198.51.100.9:5060");
    assertEquals(Target.DEFAULT_Q, t.qThousandths());
    assertEquals(List.of(t), assertInstanceOf(Targets.class, TargetResolver.fromBindings(List.of(t),
        TargetResolver.UNAVAILABLE)).targets());
    assertSame(TargetResolver.UNAVAILABLE, TargetResolver.fromBindings(List.of(), TargetResolver.UNAVAILABLE));
  }

  @Test
  void targetsGroupByDescendingQ() {
    Target a = new Target(Uri.parse("sip:a@x"), 500, null);
    Target b = new Target(Uri.parse("sip:b@x"), 1000, null);
    Target c = new Target(Uri.parse("sip:c@x"), 500, null);
    assertEquals(List.of(List.of(b), List.of(a, c)), Target.byPreference(List.of(a, b, c)));
  }

  @Test
  void requestForTheResolverIsPreprocessedFirst() {
    SipRequest r = Msgs.request(Msgs.invite("sip:dave@example.com").replace("CSeq: 17 INVITE\n",
        "CSeq: 17 INVITE\nRoute: <sip:192.0.2.10;lr>\n"));
    assertInstanceOf(Lookup.class, RESOLVER.resolve(PRE.apply(r)), "our own Route is gone: an AOR of ours");
  }
}
