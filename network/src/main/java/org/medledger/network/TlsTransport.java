package org.medledger.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-to-node transport: TLS 1.3 with client authentication both ways, length-prefixed frames
 * of (topic byte, payload). Each node dials every configured peer and keeps that link up,
 * redialling with back-off; it sends on the links it dialled and reads on every connection, so
 * a pair of nodes needs no tie-break over who dials whom. With {@link #broadcastToInbound} it
 * also sends on accepted connections of the peers that predicate picks (validators), one
 * connection per peer certificate, so a peer that dialled in is heard before anyone dials it
 * back. Peers whose certificate the {@link PeerCheck} refuses never complete a handshake.
 */
public final class TlsTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TlsTransport.class);
  private static final AttributeKey<Peer> PEER = AttributeKey.valueOf("medledger.peer");
  private static final AttributeKey<Peer> PENDING = AttributeKey.valueOf("medledger.pending-peer");
  private static final AttributeKey<Link> LINK = AttributeKey.valueOf("medledger.link");
  /** The identity a dialled connection showed the peer: a refusal is of that one, not of one swapped in since. */
  private static final AttributeKey<Identity> PRESENTED = AttributeKey.valueOf("medledger.presented");
  /** Frames hold at most one block proposal or a batch of blocks. */
  public static final int MAX_FRAME_BYTES = 128 << 20;
  private static final long MAX_BACKOFF_MILLIS = 2_000;
  /**
   * First frame each side sends once its handshake is done. In TLS 1.3 a client finishes its
   * handshake before the server has judged the client's certificate, so a link counts as up only
   * when the server's hello arrives, i.e. after the server accepted us.
   */
  private static final int HELLO = 0;
  /**
   * Sent every second on every connection; a connection that hears nothing for a few seconds is
   * closed and redialled. Without it a link cut by a partition (no FIN, no RST) would look
   * alive until TCP gives up, long after the network healed.
   */
  private static final int PING = 255;
  private static final long PING_EVERY_MILLIS = 1_000;
  private static final int SILENT_SECONDS = 5;
  /**
   * With the JDK engine, ChaCha20-Poly1305 first: the JDK 17 decrypts AES-GCM records (ByteBuffer
   * path) with a plain Java GHASH, which took 10 % of CPU in the 4-validator flood profile.
   */
  private static final List<String> JDK_CIPHERS =
      List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
  /**
   * BoringSSL (netty-tcnative) when its native library loads: AES-GCM with AES-NI and CLMUL, about
   * ten times the JDK 17 engine's ChaCha20 on bulk transfers such as vault shards. The JDK engine
   * is the fallback on platforms without the native library.
   */
  static final boolean NATIVE_TLS = io.netty.handler.ssl.OpenSsl.isAvailable();
  private static final SslProvider PROVIDER = NATIVE_TLS ? SslProvider.OPENSSL : SslProvider.JDK;
  private static final List<String> CIPHERS = NATIVE_TLS
      ? List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256") : JDK_CIPHERS;
  /**
   * The JDK engine gets heap buffers (its AES-GCM intrinsics work on byte arrays, not direct
   * buffers); BoringSSL gets direct ones, which it reads without a copy.
   */
  private static final io.netty.buffer.ByteBufAllocator BUFFERS = NATIVE_TLS
      ? io.netty.buffer.PooledByteBufAllocator.DEFAULT : new io.netty.buffer.PooledByteBufAllocator(false);

  /** A certificate this node presents, with its key and the TLS contexts built for it. */
  private record Identity(X509Certificate certificate, PrivateKey key, SslContext server, SslContext client) {}

  /** Rebuilt when the node presents a rotated certificate ({@link #present}); new connections read it. */
  private volatile Identity identity;
  /**
   * The other certificate this node may present ({@link #presentWhenRefused}): taken when a peer
   * refuses the one presented while no link is up, and swapped back likewise; null when none.
   */
  private volatile Identity fallback;
  private final PeerTrustManager trust;
  private final MessageHandler handler;
  private final PeerCheck peerCheck;
  private final EventLoopGroup group;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Channel> inbound = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private Channel server;
  /** Which accepted peers broadcasts reach too; none unless {@link #broadcastToInbound} says. */
  private volatile java.util.function.Predicate<X509Certificate> inboundHearsBroadcasts = c -> false;

  public TlsTransport(X509Certificate certificate, PrivateKey key, PeerCheck peers, MessageHandler handler) {
    this.handler = handler;
    this.peerCheck = peers;
    this.trust = new PeerTrustManager(peers);
    this.identity = identity(certificate, key);
    this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  private Identity identity(X509Certificate certificate, PrivateKey key) {
    try {
      SslContext server = SslContextBuilder.forServer(key, certificate).sslProvider(PROVIDER)
          .protocols("TLSv1.3").ciphers(CIPHERS).clientAuth(ClientAuth.REQUIRE).trustManager(trust).build();
      SslContext client = SslContextBuilder.forClient().sslProvider(PROVIDER).protocols("TLSv1.3").ciphers(CIPHERS)
          .keyManager(key, certificate).trustManager(trust).build();
      return new Identity(certificate, key, server, client);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS with this node's key and certificate: " + e.getMessage(), e);
    }
  }

  /** The certificate this node presents in its handshakes. */
  public X509Certificate presented() {
    return identity.certificate();
  }

  /**
   * Presents {@code certificate} instead of the one presented now if a peer refuses that one
   * while no link is up (and back again likewise); null for none. For a node restarted after
   * its certificate's rotation passed while it was down: its ledger does not know of the rotation
   * yet, its peers refuse the old certificate, and with the rotated one it links and syncs. Which
   * certificate a link presents decides only who links; what counts in consensus is signed.
   */
  public synchronized void presentWhenRefused(X509Certificate certificate, PrivateKey key) {
    this.fallback = certificate == null ? null : identity(certificate, key);
  }

  /** A peer closed a link we dialled before its hello, having been shown {@code shown}: it refused us. */
  private synchronized void refusedBy(PeerAddress peer, Identity shown) {
    Identity other = fallback;
    if (other == null || shown != identity || !connectedPeers().isEmpty()) {
      return;
    }
    LOG.info("peer {} refused this node's certificate ({}, serial {}) and no link is up: presenting {} (serial {}) instead",
        peer.name(), shown.certificate().getSubjectX500Principal().getName(), shown.certificate().getSerialNumber().toString(16),
        other.certificate().getSubjectX500Principal().getName(), other.certificate().getSerialNumber().toString(16));
    this.fallback = shown;
    this.identity = other;
  }

  /**
   * Presents {@code certificate} (a rotated node certificate) from now on: new handshakes, both
   * ways, use it, and every live connection is closed so that both ends redial with it (the peers
   * refuse the old one from the rotation's height).
   */
  public synchronized void present(X509Certificate certificate, PrivateKey key) {
    this.identity = identity(certificate, key);
    this.fallback = null;
    List<Channel> all = new ArrayList<>(inbound);
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null) {
        all.add(p.channel());
      }
    }
    LOG.info("presenting certificate {} from now on; closing {} connection(s) to redial with it",
        certificate.getSubjectX500Principal().getName(), all.size());
    all.forEach(Channel::close);
  }

  /** Frame limits per topic (topic byte and payload), below {@link #MAX_FRAME_BYTES}. */
  private final java.util.Map<Integer, Integer> frameLimits = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong oversizedFrames = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Bounds the frames of {@code topic} to {@code maxPayloadBytes} (below {@link #MAX_FRAME_BYTES}):
   * a peer that declares a longer one has its connection closed before any of it is buffered.
   */
  public TlsTransport limitFrames(Topic topic, int maxPayloadBytes) {
    if (maxPayloadBytes < 0 || maxPayloadBytes >= MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("a topic's frames are 0 to " + (MAX_FRAME_BYTES - 1) + " bytes, not " + maxPayloadBytes);
    }
    frameLimits.put(topic.wire(), maxPayloadBytes + 1);
    return this;
  }

  /** Frames refused for being longer than their topic allows, since start. */
  public long oversizedFrames() {
    return oversizedFrames.get();
  }

  private long maxFrameBytes(int tag) {
    if (tag == HELLO || tag == PING) {
      return 1;
    }
    if (Topic.fromWire(tag) == null) {
      return MAX_UNKNOWN_FRAME_BYTES; // a newer peer's topic, ignored: it need not be large
    }
    return frameLimits.getOrDefault(tag, MAX_FRAME_BYTES);
  }

  private static final int MAX_UNKNOWN_FRAME_BYTES = 64 << 10;

  /** Listens for peers; port 0 picks a free one (see {@link #port()}). */
  public void listen(String host, int port) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, BUFFERS)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 20, 256 << 20))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            pipeline(ch, identity.server().newHandler(ch.alloc()), null);
            inbound.add(ch);
            ch.closeFuture().addListener(f -> inbound.remove(ch));
          }
        });
    ChannelFuture f = b.bind(host, port).sync();
    server = f.channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Dials {@code peer} now and whenever the link drops. */
  public void connect(PeerAddress peer) {
    Link link = new Link(peer);
    links.add(link);
    link.dial();
  }

  /**
   * Stops dialling {@code peer} (as given to {@link #connect}) and closes its link; false when no
   * such link was dialled. Its accepted connections, if it dials in, are the peer check's to judge.
   */
  public boolean disconnect(PeerAddress peer) {
    for (Link l : links) {
      if (l.address.equals(peer)) {
        links.remove(l);
        l.stopped = true;
        Peer p = l.peer;
        if (p != null) {
          p.close();
        }
        return true;
      }
    }
    return false;
  }

  /** The addresses this transport dials (configured or added since), in the order they were added. */
  public List<PeerAddress> dialled() {
    List<PeerAddress> out = new ArrayList<>();
    for (Link l : links) {
      out.add(l.address);
    }
    return out;
  }

  /**
   * From now on broadcasts also go over accepted connections whose peer certificate {@code
   * hearsBroadcasts} takes (judged at the handshake and again at every {@link #recheckPeers}, so
   * it may read the ledger without costing each message a certificate check).
   */
  public void broadcastToInbound(java.util.function.Predicate<X509Certificate> hearsBroadcasts) {
    this.inboundHearsBroadcasts = hearsBroadcasts;
    for (Channel c : inbound) {
      Peer p = c.attr(PEER).get();
      if (p != null) {
        p.hearsBroadcasts = hearsBroadcasts.test(p.certificate());
      }
    }
  }

  /**
   * Sends to every peer whose dialled link is up and to every accepted peer that hears
   * broadcasts, once per peer certificate (a pair that dialled each other gets one copy);
   * returns how many took it.
   */
  public int broadcast(Topic topic, byte[] payload) {
    int sent = 0;
    List<X509Certificate> reached = new ArrayList<>();
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null && !reached.contains(p.certificate()) && p.send(topic, payload)) {
        reached.add(p.certificate());
        sent++;
      }
    }
    for (Channel c : inbound) {
      Peer p = c.attr(PEER).get();
      if (p != null && p.hearsBroadcasts && !reached.contains(p.certificate()) && p.send(topic, payload)) {
        reached.add(p.certificate());
        sent++;
      }
    }
    return sent;
  }

  /**
   * Checks every connected peer's certificate again and drops those now refused (revoked since
   * the handshake, or expired): a handshake's verdict does not last forever.
   */
  public int recheckPeers(PeerCheck check) {
    int dropped = 0;
    List<Channel> all = new ArrayList<>(inbound);
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null) {
        all.add(p.channel());
      }
    }
    for (Channel c : all) {
      Peer p = c.attr(PEER).get();
      if (p == null) {
        continue;
      }
      var problem = check.problem(p.certificate());
      if (problem.isPresent()) {
        LOG.warn("dropping peer {}: {}", p, problem.get());
        c.close();
        dropped++;
      } else if (c.attr(LINK).get() == null) {
        // An accepted peer may have become a validator (or stopped being one) since its handshake.
        p.hearsBroadcasts = inboundHearsBroadcasts.test(p.certificate());
      }
    }
    return dropped;
  }

  /** The certificates of every live authenticated connection, dialled or accepted (one per connection). */
  public List<X509Certificate> liveCertificates() {
    List<Channel> all = new ArrayList<>(inbound);
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null) {
        all.add(p.channel());
      }
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Channel c : all) {
      Peer p = c.attr(PEER).get();
      if (p != null && c.isActive()) {
        out.add(p.certificate());
      }
    }
    return out;
  }

  /**
   * Peers that dialled in and hold a live authenticated link (this node never dialled them): a
   * validator's full nodes, which it can answer and ask over their own links.
   */
  public List<Peer> acceptedPeers() {
    List<Peer> out = new ArrayList<>();
    for (Channel c : new ArrayList<>(inbound)) {
      Peer p = c.attr(PEER).get();
      if (p != null && c.isActive()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Peers we have an authenticated link to. */
  public List<Peer> connectedPeers() {
    List<Peer> out = new ArrayList<>();
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null && p.isConnected()) {
        out.add(p);
      }
    }
    return out;
  }

  private void pipeline(SocketChannel ch, SslHandler ssl, Link link) {
    ch.pipeline().addLast("tls", ssl);
    ch.pipeline().addLast("idle", new IdleStateHandler(SILENT_SECONDS, 0, 0));
    ch.pipeline().addLast("frames", new TopicFrameDecoder(this::maxFrameBytes, oversizedFrames::incrementAndGet));
    ch.pipeline().addLast("length", new LengthFieldPrepender(4));
    ch.pipeline().addLast("peer", new FrameHandler());
    ssl.handshakeFuture().addListener(f -> {
      if (!f.isSuccess()) {
        if (link == null) {
          LOG.info("refused connection from {}: {}", ch.remoteAddress(), rootMessage(f.cause()));
        } else {
          LOG.debug("TLS handshake with {} failed: {}", link.address, rootMessage(f.cause()));
          String why = String.valueOf(rootMessage(f.cause()));
          if (why.toLowerCase(java.util.Locale.ROOT).contains("alert")) {
            // The peer sent an alert: it refused our certificate (ours refusing theirs raises no alert here).
            refusedBy(link.address, ch.attr(PRESENTED).get());
          }
        }
        ch.close();
        return;
      }
      X509Certificate cert;
      try {
        cert = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
      } catch (SSLPeerUnverifiedException e) {
        ch.close();
        return;
      }
      // Checked again here: a resumed TLS session skips the trust manager, and the peer may
      // have been revoked since its first handshake.
      var problem = peerCheck.problem(cert);
      if (problem.isPresent()) {
        LOG.info("refused {} ({}): {}", ch.remoteAddress(), cert.getSubjectX500Principal().getName(), problem.get());
        ch.close();
        return;
      }
      // The address was dialled for one validator: whoever answers there must be that one, not
      // any other member node (a hijacked address or a rogue DNS entry must not place a
      // different, even valid, peer in its seat).
      String cn = commonName(cert);
      // A gm network's transport certificate is the node's name + "-tls" (CertificateAuthority#issueTransport).
      if (link != null && !link.address.name().equals(cn) && !(link.address.name() + "-tls").equals(cn)) {
        LOG.info("refused {}: dialled {} but its certificate names '{}'", ch.remoteAddress(), link.address.name(),
            commonName(cert));
        ch.close();
        return;
      }
      ch.attr(PENDING).set(new Peer(cert, ch));
      ch.attr(LINK).set(link);
      ByteBuf hello = ch.alloc().buffer(1);
      hello.writeByte(HELLO);
      ch.writeAndFlush(hello, ch.voidPromise());
      var pinger = ch.eventLoop().scheduleAtFixedRate(() -> {
        if (ch.isActive()) {
          ByteBuf ping = ch.alloc().buffer(1);
          ping.writeByte(PING);
          ch.writeAndFlush(ping, ch.voidPromise());
        }
      }, PING_EVERY_MILLIS, PING_EVERY_MILLIS, TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(c -> pinger.cancel(false));
    });
  }

  /** The certificate's CN, or null: the name a peer address pins. */
  static String commonName(X509Certificate cert) {
    try {
      for (javax.naming.ldap.Rdn r : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (r.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(r.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return null;
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      if (frame.readableBytes() < 1) {
        return;
      }
      int tag = frame.readUnsignedByte();
      Peer p = ctx.channel().attr(PEER).get();
      if (p == null) {
        Peer pending = ctx.channel().attr(PENDING).get();
        if (tag == HELLO && pending != null) {
          Link link = ctx.channel().attr(LINK).get();
          if (link == null) {
            pending.hearsBroadcasts = inboundHearsBroadcasts.test(pending.certificate());
          }
          if (link != null && link.stopped) {
            ctx.close();
            return;
          }
          ctx.channel().attr(PEER).set(pending);
          if (link != null) {
            link.peer = pending;
            link.backoffMillis = 100;
            LOG.info("linked to peer {} ({})", link.address, pending.name());
          }
        }
        return;
      }
      if (tag == PING) {
        return;
      }
      Topic topic = Topic.fromWire(tag);
      if (topic == null) {
        return;
      }
      byte[] payload = new byte[frame.readableBytes()];
      frame.readBytes(payload);
      try {
        handler.onMessage(p, topic, payload);
      } catch (RuntimeException e) {
        LOG.warn("handling {} from {} failed: {}", topic, p, e.toString());
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        LOG.info("no word from {} for {} s; closing the connection", ctx.channel().remoteAddress(), SILENT_SECONDS);
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }

  /** One dialled peer: reconnects until the transport closes. */
  private final class Link {
    final PeerAddress address;
    volatile Peer peer;
    volatile long backoffMillis = 100;
    /** Set by {@link #disconnect}: no more dialling. */
    volatile boolean stopped;

    Link(PeerAddress address) {
      this.address = address;
    }

    void dial() {
      if (closed || stopped) {
        return;
      }
      Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.ALLOCATOR, BUFFERS)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 20, 256 << 20))
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              Identity shown = identity;
              ch.attr(PRESENTED).set(shown);
              pipeline(ch, shown.client().newHandler(ch.alloc(), address.host(), address.port()), Link.this);
            }
          });
      b.connect(address.host(), address.port()).addListener((ChannelFuture f) -> {
        if (!f.isSuccess()) {
          retryLater();
          return;
        }
        Channel ch = f.channel();
        if (stopped) {
          ch.close();
          return;
        }
        ch.closeFuture().addListener(c -> {
          if (ch.attr(PENDING).get() != null && ch.attr(PEER).get() == null) {
            // We took the peer, it closed before its hello: in TLS 1.3 that is its refusal of our certificate.
            refusedBy(address, ch.attr(PRESENTED).get());
          }
          peer = null;
          retryLater();
        });
      });
    }

    void retryLater() {
      if (closed || stopped) {
        return;
      }
      long delay = backoffMillis;
      backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
      group.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close();
    }
    for (Link l : links) {
      Peer p = l.peer;
      if (p != null) {
        p.close();
      }
    }
    for (Channel c : inbound) {
      c.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
