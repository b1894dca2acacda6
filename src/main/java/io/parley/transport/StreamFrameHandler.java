package io.parley.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of one TCP connection: feeds what it reads to a {@link SipStreamFramer},
 * hands each message to the {@link InboundHandler} on the event loop thread, answers
 * keepalive pings (at a bounded rate, {@link PongBudget}), and closes the connection on a
 * framing error, a message not whole in time ({@link MessageDeadline}) or the idle timeout.
 */
final class StreamFrameHandler extends ChannelInboundHandlerAdapter
    implements SipStreamFramer.Listener {

  private static final Logger log = LoggerFactory.getLogger(StreamFrameHandler.class);
  private static final byte[] PONG = {'\r', '\n'};

  private final TcpConnection connection;
  private final TcpTransport owner;
  private final SipStreamFramer framer;
  private final ByteBufSource source = new ByteBufSource();
  private final MessageDeadline deadline;
  private final PongBudget pongs = new PongBudget();
  private ChannelHandlerContext context;
  /** Messages completed by the read in progress. */
  private int completed;

  StreamFrameHandler(TcpConnection connection, TcpTransport owner) {
    this.connection = connection;
    this.owner = owner;
    this.framer = new SipStreamFramer(owner.settings().maxMessageSize());
    this.deadline = new MessageDeadline(owner.settings().tcpMessageTimeout().toNanos(),
        this::onMessageTimeout);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    owner.onActive(connection, ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    deadline.cancel();
    owner.onInactive(connection);
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (framer.failure() != null || connection.flow() == null) {
        return; // closing (framing error, or over the connection limit): read nothing more
      }
      source.buf = buf;
      completed = 0;
      SipStreamFramer.Failure failure = framer.feed(source, this);
      if (failure != null) {
        owner.stats().framingFailure(failure);
        log.debug("tcp flow {} from {}: closing, framing error {}", connection.flowId,
            ctx.channel().remoteAddress(), failure);
        ctx.close();
      } else {
        deadline.afterRead(ctx, framer.inMessage(), completed > 0);
      }
    } finally {
      source.buf = null;
      buf.release();
    }
  }

  @Override
  public void onMessage(byte[] message) {
    completed++;
    owner.stats().received.increment();
    try {
      owner.handler().onFrame(message, 0, message.length, connection.flow());
    } catch (RuntimeException e) {
      owner.stats().handlerFailures.increment();
      log.warn("tcp flow {}: inbound handler failed", connection.flowId, e);
    }
  }

  @Override
  public void onPing() {
    owner.stats().keepalives.increment();
    // a peer that pings faster than the budget, or stops reading, gets no pong: its flood
    // neither sets the pace of our writes nor fills our write buffer
    if (!context.channel().isWritable() || !pongs.take()) {
      owner.stats().keepalivesUnanswered.increment();
      return;
    }
    context.writeAndFlush(Unpooled.wrappedBuffer(PONG), context.voidPromise());
  }

  private void onMessageTimeout() {
    owner.closeFor(CloseReason.MESSAGE_TIMEOUT, context.channel(), "closed: a message not whole "
        + owner.settings().tcpMessageTimeout().toMillis() + " ms after its first byte, "
        + framer.buffered() + " bytes so far (parley.sip.tcp-message-timeout)");
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      owner.closeFor(CloseReason.IDLE, ctx.channel(), "closed: nothing read or written for "
          + owner.settings().tcpIdleTimeout().toMillis() + " ms (parley.sip.tcp-idle-timeout)");
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp flow {}: closing after {}", connection.flowId, cause.toString());
    ctx.close();
  }

  /** A Netty buffer as the framer's byte source: copied straight into the framer's array. */
  private static final class ByteBufSource implements SipStreamFramer.ByteSource {
    ByteBuf buf;

    @Override
    public int remaining() {
      return buf.readableBytes();
    }

    @Override
    public void read(byte[] dst, int offset, int length) {
      buf.readBytes(dst, offset, length);
    }
  }
}
