package io.parley.transport;

import java.util.Arrays;

/**
 * Cuts a byte stream (TCP, TLS) into SIP messages, RFC 3261 §18.3: a message is its start line
 * and header section up to the empty line, then exactly Content-Length bytes of body, whatever
 * those bytes are (NUL, CRLFCRLF…).
 *
 * <p>Between messages, CR LF pairs are skipped (§7.5), and each CRLFCRLF is a keepalive "ping"
 * that the caller answers with one CRLF "pong" (RFC 5626 §3.5.1). The header section may also
 * end in LF LF, for peers that end lines with a bare LF.
 *
 * <p>The framer never holds more than {@code maxMessageSize} bytes, and it fails — the caller
 * closes the connection, since the stream cannot be resynchronised — when:
 * <ul>
 *   <li>the first bytes cannot start a SIP message ({@link Failure#GARBAGE});
 *   <li>a header section, or header section plus body, exceeds the max message size
 *       ({@link Failure#OVERSIZE});
 *   <li>Content-Length is negative or not a number ({@link Failure#BAD_CONTENT_LENGTH},
 *       RFC 4475 §3.1.2.3);
 *   <li>two Content-Length headers disagree ({@link Failure#CONFLICTING_CONTENT_LENGTH}, RFC
 *       4475 §3.3.9).
 * </ul>
 * A Content-Length larger than what arrives (RFC 4475 §3.1.2.2) just waits for more; the
 * caller's message deadline ends it ({@link #inMessage()}). A missing Content-Length counts as
 * 0 ({@link ContentLengthScanner}).
 *
 * <p>Holds no I/O and no Netty: feed it bytes from anywhere. Not thread-safe: one framer per
 * connection, used by the thread that reads it.
 */
final class SipStreamFramer {

  /** Why a stream cannot be framed any further. */
  enum Failure {
    GARBAGE,
    OVERSIZE,
    BAD_CONTENT_LENGTH,
    CONFLICTING_CONTENT_LENGTH
  }

  /** What the framer finds. Called during {@link #feed}. */
  interface Listener {
    /** A whole message, in an array of exactly its size that the listener owns. */
    void onMessage(byte[] message);

    /** A CRLFCRLF keepalive: answer with a single CRLF (RFC 5626 §3.5.1). */
    void onPing();
  }

  /** Bytes to frame: a plain array, or a network buffer copied straight into the framer. */
  interface ByteSource {
    int remaining();

    /** Copies the next {@code length} bytes into {@code dst} and consumes them. */
    void read(byte[] dst, int offset, int length);
  }

  private static final int INITIAL_CAPACITY = 4096;
  private static final byte[] EMPTY = new byte[0];

  private final int maxMessageSize;
  private byte[] buf = EMPTY;
  /** The unconsumed bytes are {@code buf[start, end)}. */
  private int start;
  private int end;

  /** CR LF pairs seen in a row between messages. */
  private int crlfRun;
  /** Whether {@code start} is the first byte of a message (not a CR LF between messages). */
  private boolean inMessage;
  /** Where the first line's check resumes; -1 once the first line was checked. */
  private int sniffPos;
  /** Whether the first line's check is still in its first word (method or "SIP/2.0"). */
  private boolean inFirstWord;
  /** Where the search for the end of the header section resumes. */
  private int scanPos;
  /** The end of the current message, once its header section is complete; else -1. */
  private int frameEnd = -1;

  private Failure failure;

  SipStreamFramer(int maxMessageSize) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("max message size must be positive");
    }
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Appends the bytes and reports every message and ping they complete.
   *
   * @return {@code null} while the stream is well framed, else why it must be closed; after a
   *     failure every later call returns it again and reads nothing
   */
  Failure feed(ByteSource source, Listener listener) {
    while (failure == null && source.remaining() > 0) {
      int buffered = end - start;
      int n = Math.min(source.remaining(), maxMessageSize - buffered);
      if (n == 0) {
        // a full buffer and no message complete in it: the message is over the limit
        return failure = Failure.OVERSIZE;
      }
      makeRoom(n);
      source.read(buf, end, n);
      end += n;
      failure = drain(listener);
    }
    return failure;
  }

  /** {@link #feed(ByteSource, Listener)} for a plain array. */
  Failure feed(byte[] data, int offset, int length, Listener listener) {
    return feed(new ArraySource(data, offset, length), listener);
  }

  /** Bytes held for a message not complete yet. */
  int buffered() {
    return end - start;
  }

  /**
   * Whether part of a message is held: its first byte (not a CR LF between messages) arrived
   * and the message is not whole yet.
   */
  boolean inMessage() {
    return inMessage;
  }

  /** Why framing stopped, or {@code null}. */
  Failure failure() {
    return failure;
  }

  private Failure drain(Listener listener) {
    while (true) {
      if (!inMessage && !skipKeepalives(listener)) {
        return null;
      }
      if (frameEnd < 0) {
        Failure f = findFrameEnd();
        if (f != null || frameEnd < 0) {
          return f;
        }
      }
      if (end < frameEnd) {
        return null;
      }
      byte[] message = Arrays.copyOfRange(buf, start, frameEnd);
      start = frameEnd;
      inMessage = false;
      frameEnd = -1;
      listener.onMessage(message);
    }
  }

  /**
   * Consumes CR LF between messages, reporting each second pair in a row as a ping.
   *
   * @return whether a message starts at {@code start}
   */
  private boolean skipKeepalives(Listener listener) {
    while (start < end) {
      byte c = buf[start];
      if (c == '\r') {
        if (start + 1 == end) {
          return false; // its LF may come in the next read
        }
        if (buf[start + 1] == '\n') {
          start += 2;
          if (++crlfRun == 2) {
            crlfRun = 0;
            listener.onPing();
          }
        } else {
          start++;
          crlfRun = 0;
        }
      } else if (c == '\n') {
        start++;
        crlfRun = 0;
      } else {
        crlfRun = 0;
        inMessage = true;
        sniffPos = start;
        inFirstWord = true;
        scanPos = start;
        return true;
      }
    }
    start = end = 0; // nothing held: the next read fills from the beginning
    if (buf.length > INITIAL_CAPACITY) {
      buf = EMPTY; // an idle connection keeps no large buffer
    }
    return false;
  }

  /** Sets {@link #frameEnd} once the header section is complete, or reports a failure. */
  private Failure findFrameEnd() {
    if (sniffPos >= 0) {
      Failure f = sniffFirstLine();
      if (f != null || sniffPos >= 0) {
        return f;
      }
    }
    int headerEnd = -1;
    int i = scanPos;
    for (; i < end; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      if (i + 1 < end && buf[i + 1] == '\n') {
        headerEnd = i + 2;
        break;
      }
      if (i + 2 < end && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
        headerEnd = i + 3;
        break;
      }
      if (i + 1 == end || (i + 2 == end && buf[i + 1] == '\r')) {
        break; // the rest of the empty line may come in the next read
      }
    }
    scanPos = i;
    if (headerEnd < 0) {
      return null;
    }
    int secondLine = lineAfter(start);
    long contentLength = ContentLengthScanner.scan(buf, secondLine, headerEnd);
    if (contentLength == ContentLengthScanner.BAD) {
      return Failure.BAD_CONTENT_LENGTH;
    }
    if (contentLength == ContentLengthScanner.CONFLICT) {
      return Failure.CONFLICTING_CONTENT_LENGTH;
    }
    if (headerEnd - start + contentLength > maxMessageSize) {
      return Failure.OVERSIZE;
    }
    frameEnd = headerEnd + (int) contentLength;
    return null;
  }

  /**
   * Checks the first line as it arrives: the first word's characters at once, the whole line
   * when its end is there. Resumes where it stopped, so a line dripping in a byte at a time
   * costs no rescans.
   */
  private Failure sniffFirstLine() {
    for (int i = sniffPos; i < end; i++) {
      byte c = buf[i];
      if (c == '\n') {
        int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
        sniffPos = -1;
        return StartLineSniffer.looksLikeStartLine(buf, start, lineEnd) ? null : Failure.GARBAGE;
      }
      if (inFirstWord) {
        if (c == ' ' && i > start) {
          inFirstWord = false;
        } else if (!StartLineSniffer.isFirstWordChar(c)) {
          return Failure.GARBAGE;
        }
      }
    }
    sniffPos = end;
    return null;
  }

  private int lineAfter(int from) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i + 1;
      }
    }
    return end;
  }

  /** Ensures {@code n} bytes fit after {@code end}, moving held bytes to the front first. */
  private void makeRoom(int n) {
    if (buf.length - end >= n) {
      return;
    }
    int held = end - start;
    if (buf.length - held >= n) {
      System.arraycopy(buf, start, buf, 0, held);
    } else {
      int capacity = Math.max(INITIAL_CAPACITY, buf.length);
      while (capacity < held + n) {
        capacity *= 2;
      }
      capacity = Math.min(capacity, Math.max(maxMessageSize, held + n));
      byte[] bigger = new byte[capacity];
      System.arraycopy(buf, start, bigger, 0, held);
      buf = bigger;
    }
    shift(start);
  }

  /** Moves every position back by {@code delta} after the held bytes moved to the front. */
  private void shift(int delta) {
    start -= delta;
    end -= delta;
    if (inMessage) {
      scanPos -= delta;
      if (sniffPos >= 0) {
        sniffPos -= delta;
      }
      if (frameEnd >= 0) {
        frameEnd -= delta;
      }
    }
  }

  /** A plain array as a {@link ByteSource}. */
  private static final class ArraySource implements ByteSource {
    private final byte[] data;
    private int offset;
    private final int limit;

    ArraySource(byte[] data, int offset, int length) {
      this.data = data;
      this.offset = offset;
      this.limit = offset + length;
    }

    @Override
    public int remaining() {
      return limit - offset;
    }

    @Override
    public void read(byte[] dst, int at, int length) {
      System.arraycopy(data, offset, dst, at, length);
      offset += length;
    }
  }
}
