package org.medledger.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.security.cert.X509Certificate;

/** A connected peer whose certificate passed the TLS handshake and the {@link PeerCheck}. */
public final class Peer {
  private final X509Certificate certificate;
  private final Channel channel;
  /** For an accepted connection: whether broadcasts go over it too (TlsTransport#broadcastToInbound). */
  volatile boolean hearsBroadcasts;

  Peer(X509Certificate certificate, Channel channel) {
    this.certificate = certificate;
    this.channel = channel;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String name() {
    return certificate.getSubjectX500Principal().getName();
  }

  public boolean isConnected() {
    return channel.isActive();
  }

  /**
   * Sends on this connection; false (and nothing sent) when it is closed or its buffer is full.
   * Callers treat sends as lossy: consensus re-sends, gossip is best effort, sync re-asks.
   */
  public boolean send(Topic topic, byte[] payload) {
    if (!channel.isActive() || !channel.isWritable()) {
      return false;
    }
    ByteBuf buf = channel.alloc().buffer(1 + payload.length);
    buf.writeByte(topic.wire());
    buf.writeBytes(payload);
    channel.writeAndFlush(buf, channel.voidPromise());
    return true;
  }

  Channel channel() {
    return channel;
  }

  void close() {
    channel.close();
  }

  @Override
  public String toString() {
    return name() + " " + channel.remoteAddress();
  }
}
