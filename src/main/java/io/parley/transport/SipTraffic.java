package io.parley.transport;

import io.parley.message.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SIP messages of one node by what they are, as Kamailio's {@code core:rcv_requests_*} and
 * {@code core:rcv_replies_*} count them: requests received by method, and responses received and
 * sent by status code. Counting is an array increment (the method found by identity among the
 * constants of {@link Method}, the code used as an index), so it allocates nothing and looks
 * nothing up in a map; cheap from any thread.
 *
 * <p>What counts: a request or response received once it has parsed and passed validation (a
 * malformed one is counted by {@link EdgeStats} instead); a response sent each time its bytes are
 * handed to a socket, retransmissions of a final response (RFC 3261 §17.2.1, Timer G) and the
 * edge's own 400s included, as {@code core:fwd_replies} and the stateless replies do in Kamailio.
 */
public final class SipTraffic {
  /** The methods counted by name; any other is {@link #OTHER}. */
  private static final Method[] METHODS = {
    Method.INVITE, Method.ACK, Method.BYE, Method.CANCEL, Method.OPTIONS, Method.REGISTER, Method.PRACK,
    Method.SUBSCRIBE, Method.NOTIFY, Method.PUBLISH, Method.INFO, Method.REFER, Method.MESSAGE, Method.UPDATE
  };
  /** The label of requests whose method is an extension Parley does not know. */
  public static final String OTHER = "other";
  private static final int LOWEST = 100;
  private static final int CODES = 600; // 100..699 (RFC 3261 §7.2: a status code is 3 digits, 1xx to 6xx)
  private static final byte[] SIP_2_0 = {'S', 'I', 'P', '/', '2', '.', '0', ' '};

  private final LongAdder[] requestsIn = new LongAdder[METHODS.length + 1];
  private final AtomicLongArray responsesIn = new AtomicLongArray(CODES);
  private final AtomicLongArray responsesOut = new AtomicLongArray(CODES);

  public SipTraffic() {
    for (int i = 0; i < requestsIn.length; i++) {
      requestsIn[i] = new LongAdder();
    }
  }

  /** A request received. */
  public void requestReceived(Method method) {
    requestsIn[indexOf(method)].increment();
  }

  /** A response received with {@code status} (100–699, as the parser guarantees). */
  public void responseReceived(int status) {
    if (status >= LOWEST && status < LOWEST + CODES) {
      responsesIn.incrementAndGet(status - LOWEST);
    }
  }

  /**
   * Bytes about to be sent: counted as a response of their status when they start with
   * {@code "SIP/2.0 "} and three digits (RFC 3261 §7.2), ignored otherwise (a request).
   */
  public void sending(byte[] bytes) {
    if (bytes.length < SIP_2_0.length + 3) {
      return;
    }
    for (int i = 0; i < SIP_2_0.length; i++) {
      if (bytes[i] != SIP_2_0[i]) {
        return;
      }
    }
    int a = bytes[8] - '0';
    int b = bytes[9] - '0';
    int c = bytes[10] - '0';
    if (a < 1 || a > 6 || b < 0 || b > 9 || c < 0 || c > 9) {
      return;
    }
    responsesOut.incrementAndGet(a * 100 + b * 10 + c - LOWEST);
  }

  private static int indexOf(Method method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i] == method) {
        return i;
      }
    }
    return METHODS.length;
  }

  /** The method labels, in the order {@link Snapshot#requestsIn()} counts them. */
  public static String[] methodLabels() {
    String[] labels = new String[METHODS.length + 1];
    for (int i = 0; i < METHODS.length; i++) {
      labels[i] = METHODS[i].name();
    }
    labels[METHODS.length] = OTHER;
    return labels;
  }

  /** Requests received with the method labelled {@code label} ({@link #methodLabels()}). */
  public long requestsReceived(String label) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i].name().equals(label)) {
        return requestsIn[i].sum();
      }
    }
    return OTHER.equals(label) ? requestsIn[METHODS.length].sum() : 0;
  }

  /** Responses received with {@code status}; 0 for a code outside 100–699. */
  public long responsesReceived(int status) {
    return status >= LOWEST && status < LOWEST + CODES ? responsesIn.get(status - LOWEST) : 0;
  }

  /** Responses sent with {@code status}; 0 for a code outside 100–699. */
  public long responsesSent(int status) {
    return status >= LOWEST && status < LOWEST + CODES ? responsesOut.get(status - LOWEST) : 0;
  }

  /** The counts now, only those above zero; each read separately, so two may be a message apart. */
  public Snapshot snapshot() {
    Map<String, Long> requests = new LinkedHashMap<>();
    String[] labels = methodLabels();
    for (int i = 0; i < requestsIn.length; i++) {
      long n = requestsIn[i].sum();
      if (n > 0) {
        requests.put(labels[i], n);
      }
    }
    return new Snapshot(requests, codes(responsesIn), codes(responsesOut));
  }

  private static Map<Integer, Long> codes(AtomicLongArray counts) {
    Map<Integer, Long> byCode = new LinkedHashMap<>();
    for (int i = 0; i < CODES; i++) {
      long n = counts.get(i);
      if (n > 0) {
        byCode.put(i + LOWEST, n);
      }
    }
    return byCode;
  }

  /**
   * The counts at one moment, without zeros.
   *
   * @param requestsIn requests received by method ({@link #OTHER} for an unknown one)
   * @param responsesIn responses received by status code, ascending
   * @param responsesOut responses sent by status code, ascending
   */
  public record Snapshot(Map<String, Long> requestsIn, Map<Integer, Long> responsesIn,
      Map<Integer, Long> responsesOut) {
    public Snapshot {
      requestsIn = Collections.unmodifiableMap(new LinkedHashMap<>(requestsIn));
      responsesIn = Collections.unmodifiableMap(new LinkedHashMap<>(responsesIn));
      responsesOut = Collections.unmodifiableMap(new LinkedHashMap<>(responsesOut));
    }
  }
}
