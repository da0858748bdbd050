package org.medledger.it;

import java.io.IOException;

/** Neither tc netem nor its iptables substitute can be played here; the message says why. */
public final class NetemUnplayable extends IOException {
  public NetemUnplayable(String reason) {
    super(reason);
  }
}
