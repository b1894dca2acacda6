package io.parley.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.message.uri.SipUri;
import io.parley.message.uri.Uri;
import org.junit.jupiter.api.Test;

/** Which recorded flow a request of the dialog goes through, by the flow it arrived on. */
class RecordedFlowsTest {
  private static final String A = RecordedFlows.value("udp~a1~n1", "udp:127.0.0.1:40001");
  private static final String B = RecordedFlows.value("udp~b2~n1", "udp:127.0.0.1:40002");

  @Test
  void aValueHoldsTheFlowTokenAndTheSource() {
    assertEquals("udp~a1~n1", RecordedFlows.flowToken(A));
    assertEquals("udp:127.0.0.1:40001", RecordedFlows.received(A));
    assertEquals("tcp~9~n1", RecordedFlows.flowToken(RecordedFlows.value("tcp~9~n1", null)));
    assertNull(RecordedFlows.received(RecordedFlows.value("tcp~9~n1", null)));
  }

  @Test
  void aNatedCalleeIsReachedFromEverywhereButItsOwnFlow() {
    RecordedFlows f = new RecordedFlows(null, B);
    assertEquals(B, f.towards("udp~c3~n1"), "the caller's request goes to the callee's flow");
    assertNull(f.towards("udp~b2~n1"), "the callee's own request goes by its Request-URI");
  }

  @Test
  void aNatedCallerIsReachedFromEverywhereButItsOwnFlow() {
    RecordedFlows f = new RecordedFlows(A, null);
    assertEquals(A, f.towards("udp~c3~n1"));
    assertNull(f.towards("udp~a1~n1"));
  }

  @Test
  void bothBehindNatsEachGoesToTheOther() {
    RecordedFlows f = new RecordedFlows(A, B);
    assertEquals(B, f.towards("udp~a1~n1"));
    assertEquals(A, f.towards("udp~b2~n1"));
    assertNull(f.towards("udp~c3~n1"), "from neither: no way to tell whom it is for");
    assertNull(f.towards(null));
  }

  @Test
  void theParametersReadBackFromARecordRoute() {
    RecordedFlows f = new RecordedFlows(A, B);
    SipUri uri = (SipUri) Uri.parse("sip:127.0.0.1:5060;transport=udp;lr;ptk=x" + f.params());
    assertEquals(f, RecordedFlows.of(uri));
    assertEquals(RecordedFlows.NONE, RecordedFlows.of((SipUri) Uri.parse("sip:127.0.0.1:5060;lr")));
    assertFalse(RecordedFlows.NONE.any());
    assertEquals("", RecordedFlows.NONE.params());
  }
}
