package org.medledger.network;

import java.util.Objects;

/** Where to dial a peer node; its identity is proven by its certificate, not by this. */
public record PeerAddress(String name, String host, int port) {
  public PeerAddress {
    Objects.requireNonNull(name, "peer name");
    Objects.requireNonNull(host, "host of peer " + name);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port of peer " + name + " must be within 1-65535, got " + port);
    }
  }

  @Override
  public String toString() {
    return name + "@" + host + ":" + port;
  }
}
