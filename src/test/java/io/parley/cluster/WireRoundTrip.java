package io.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/** The two trips a crossing message takes through its {@link WireSerializer}, for the serializers' tests. */
public final class WireRoundTrip {
  private WireRoundTrip() {}

  /**
   * {@code message} after the byte-array trip (as sharding's envelope carries it) and after the
   * in-place trip through a direct little-endian buffer (as the remoting writes it), checking that
   * the message is bound to a {@code serializer}, that both forms write as many octets, the same
   * ones when {@code sameOctets}, and that the buffer form reads to its end.
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> of(Serialization serialization, T message, Class<? extends WireSerializer> serializer,
      boolean sameOctets) {
    Serializer bound = serialization.findSerializerFor(message);
    assertInstanceOf(serializer, bound, message.getClass().getName() + " bound in parley-runtime.conf");
    String manifest = Serializers.manifestFor(bound, message);
    byte[] bytes = bound.toBinary(message);
    T viaArray = (T) serialization.deserialize(bytes, bound.identifier(), manifest).get();
    ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(256 * 1024, bytes.length * 2))
        .order(ByteOrder.LITTLE_ENDIAN);
    ((ByteBufferSerializer) bound).toBinary(message, buffer);
    assertEquals(bytes.length, buffer.position(), "both forms write the same");
    buffer.flip();
    if (sameOctets) {
      byte[] written = new byte[buffer.remaining()];
      buffer.duplicate().get(written);
      assertArrayEquals(bytes, written, "the same octets both ways");
    }
    T viaBuffer;
    try {
      viaBuffer = (T) ((ByteBufferSerializer) bound).fromBinary(buffer, manifest);
    } catch (NotSerializableException e) {
      throw new AssertionError(e);
    }
    assertTrue(!buffer.hasRemaining(), "read to its end");
    return List.of(viaArray, viaBuffer);
  }
}
