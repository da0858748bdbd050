package org.medledger.node.admission;

/**
 * Why a submitted transaction was refused before ordering. Codes are stable for programs; the
 * message names what was wrong. Nothing committed changes when a transaction is refused.
 */
public record Rejection(Code code, String message) {
  public enum Code {
    MALFORMED(400),
    OVERSIZE(413),
    WRONG_SUITE(400),
    WRONG_CHAIN(400),
    UNKNOWN_SENDER(403),
    REVOKED_SENDER(403),
    BAD_SIGNATURE(401),
    REPLAYED_NONCE(409),
    DUPLICATE(409),
    UNKNOWN_CONTRACT(400),
    TOO_HEAVY(413),
    MEMPOOL_FULL(503),
    /** The sender has its whole share of the mempool pending; other senders are still admitted. */
    SENDER_QUOTA(429);

    private final int httpStatus;

    Code(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
