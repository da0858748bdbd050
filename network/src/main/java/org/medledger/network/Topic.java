package org.medledger.network;

/** What a frame carries; the first byte of every frame. */
public enum Topic {
  /** Signed consensus messages (proposals and votes). */
  CONSENSUS(1),
  /** Gossiped client transactions, each signed by its sender. */
  TRANSACTIONS(2),
  /** Catch-up: status, block requests and certified blocks. */
  SYNC(3),
  /** Vault: health-record shards stored on and fetched from the node that holds each. */
  VAULT(4);

  private final int wire;

  Topic(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  /** Null for an unknown byte (a newer peer's topic is ignored, not fatal). */
  public static Topic fromWire(int b) {
    for (Topic t : values()) {
      if (t.wire == b) {
        return t;
      }
    }
    return null;
  }
}
