package io.parley.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Server CPU per UDP datagram echoed, at a paced rate: a plain {@link DatagramChannel} thread
 * against Netty's epoll datagram channel, to choose the production UDP path.
 *
 * <pre>
 * java -cp benchmarks.jar io.parley.transport.UdpEchoBench MODE RATE SECONDS [SIZE] [WARMUP]
 *   MODE    nio    one thread blocked in DatagramChannel.receive, echoing with send
 *           netty  Netty epoll DatagramChannel on a 1-thread event loop group
 *           layer  the production TransportLayer (nio plus sniffing and flows)
 *   RATE    datagrams per second sent by the client
 *   SECONDS measured seconds, after WARMUP seconds (default 3) at the same rate
 *   SIZE    datagram size in bytes (default 600, a typical SIP request)
 * </pre>
 *
 * <p>Both servers copy each datagram into a right-sized {@code byte[]} before echoing it, as the
 * production path hands one to its handler. The client (another thread, its own socket) paces
 * the sends and counts the echoes. Server CPU is the thread CPU time (user + system) of the
 * server's threads over the measured window, divided by the datagrams the server received in it.
 */
public final class UdpEchoBench {

  private interface Server extends AutoCloseable {
    InetSocketAddress address();

    /** Total CPU nanoseconds of the server's threads so far. */
    long cpuNanos();

    long received();

    @Override
    void close() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: UdpEchoBench nio|netty|layer RATE SECONDS [SIZE] [WARMUP]");
      System.exit(2);
    }
    String mode = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 600;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;

    try (Server server = switch (mode) {
      case "nio" -> new NioServer();
      case "netty" -> new NettyServer();
      case "layer" -> new LayerServer();
      default -> throw new IllegalArgumentException("mode must be nio, netty or layer: " + mode);
    }) {
      Client client = new Client(server.address(), size);
      client.run(rate, warmup);
      long cpu0 = server.cpuNanos();
      long rx0 = server.received();
      long echoed0 = client.echoed.sum();
      long process0 = processCpuNanos();
      long t0 = System.nanoTime();
      long sent = client.run(rate, seconds);
      long elapsed = System.nanoTime() - t0;
      Thread.sleep(200); // the last echoes
      long cpu = server.cpuNanos() - cpu0;
      long rx = server.received() - rx0;
      long echoed = client.echoed.sum() - echoed0;
      long process = processCpuNanos() - process0;
      client.close();
      System.out.printf(
          "mode=%s rate=%d seconds=%d size=%d sent=%d serverReceived=%d echoed=%d "
              + "achievedRate=%.0f serverCpuUsPerDatagram=%.2f processCpuUsPerDatagram=%.2f%n",
          mode, rate, seconds, size, sent, rx, echoed, sent * 1e9 / elapsed,
          cpu / 1e3 / Math.max(1, rx), process / 1e3 / Math.max(1, rx));
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long threadCpu(long... ids) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : ids) {
      long t = mx.getThreadCpuTime(id);
      if (t > 0) {
        total += t;
      }
    }
    return total;
  }

  /** Thread ids of the live threads whose name starts with {@code prefix}. */
  private static long[] threadsNamed(String prefix) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Long> ids = new ArrayList<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        ids.add(info.getThreadId());
      }
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /** One thread blocked in receive, echoing each datagram from the same channel. */
  private static final class NioServer implements Server {
    private final DatagramChannel channel;
    private final Thread thread;
    private final LongAdder received = new LongAdder();

    NioServer() throws Exception {
      channel = DatagramChannel.open();
      channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread = new Thread(this::loop, "bench-nio-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
      try {
        while (true) {
          buffer.clear();
          SocketAddress source = channel.receive(buffer);
          byte[] data = new byte[buffer.position()];
          buffer.get(0, data);
          received.increment();
          channel.send(ByteBuffer.wrap(data), source);
        }
      } catch (Exception closed) {
        // stop
      }
    }

    @Override
    public InetSocketAddress address() {
      try {
        return (InetSocketAddress) channel.getLocalAddress();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public long cpuNanos() {
      return threadCpu(thread.getId());
    }

    @Override
    public long received() {
      return received.sum();
    }

    @Override
    public void close() throws Exception {
      channel.close();
    }
  }

  /** Netty's epoll datagram channel on one event loop thread. */
  private static final class NettyServer implements Server {
    private final EventLoopGroup group;
    private final Channel channel;
    private final LongAdder received = new LongAdder();

    NettyServer() throws Exception {
      if (!Epoll.isAvailable()) {
        throw new IllegalStateException("epoll not available", Epoll.unavailabilityCause());
      }
      group = new EpollEventLoopGroup(1, new DefaultThreadFactory("bench-netty-server", true));
      channel = new Bootstrap()
          .group(group)
          .channel(EpollDatagramChannel.class)
          .option(io.netty.channel.ChannelOption.SO_RCVBUF, 4 << 20)
          .option(io.netty.channel.ChannelOption.SO_SNDBUF, 4 << 20)
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
              ByteBuf content = packet.content();
              byte[] data = new byte[content.readableBytes()];
              content.getBytes(content.readerIndex(), data);
              received.increment();
              ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), packet.sender()),
                  ctx.voidPromise());
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .sync()
          .channel();
    }

    @Override
    public InetSocketAddress address() {
      return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public long cpuNanos() {
      return threadCpu(threadsNamed("bench-netty-server"));
    }

    @Override
    public long received() {
      return received.sum();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** The production transport layer, echoing through the flow. */
  private static final class LayerServer implements Server {
    private final TransportLayer layer;
    private final LongAdder received = new LongAdder();

    LayerServer() {
      TransportLayer[] self = new TransportLayer[1];
      layer = new TransportLayer(List.of(ListenPoint.parse("udp:127.0.0.1:0")), "bench",
          (data, offset, length, flow) -> {
            received.increment();
            self[0].send(flow, data);
          }, TransportSettings.defaults());
      self[0] = layer;
      layer.start();
    }

    @Override
    public InetSocketAddress address() {
      return layer.boundAddresses(Transport.UDP).get(0);
    }

    @Override
    public long cpuNanos() {
      return threadCpu(threadsNamed("parley-sip-"));
    }

    @Override
    public long received() {
      return received.sum();
    }

    @Override
    public void close() {
      layer.stop();
    }
  }

  /** Sends SIP-looking datagrams at a paced rate and counts the echoes. */
  private static final class Client {
    final LongAdder echoed = new LongAdder();
    private final DatagramChannel channel;
    private final byte[] payload;
    private final Thread receiver;

    Client(InetSocketAddress server, int size) throws Exception {
      channel = DatagramChannel.open();
      channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      channel.connect(server);
      String head = "OPTIONS sip:bench@127.0.0.1 SIP/2.0\r\nContent-Length: 0\r\nX-Pad: ";
      payload = new byte[size];
      Arrays.fill(payload, (byte) 'x');
      byte[] h = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(h, 0, payload, 0, Math.min(h.length, size));
      receiver = new Thread(this::receive, "bench-client-receiver");
      receiver.setDaemon(true);
      receiver.start();
    }

    private void receive() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
      try {
        while (true) {
          buffer.clear();
          channel.receive(buffer);
          echoed.increment();
        }
      } catch (Exception closed) {
        // stop
      }
    }

    /** Sends {@code rate * seconds} datagrams spread evenly; returns how many were sent. */
    long run(int rate, int seconds) throws Exception {
      long total = (long) rate * seconds;
      double interval = 1e9 / rate;
      long start = System.nanoTime();
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      for (long i = 0; i < total; i++) {
        long due = start + (long) (i * interval);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
          LockSupport.parkNanos(ahead);
        }
        buffer.clear();
        channel.write(buffer);
      }
      return total;
    }

    void close() throws Exception {
      channel.close();
    }
  }
}
