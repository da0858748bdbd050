package org.medledger.core.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What became of one committed transaction. A failed transaction stays in the block and the log
 * (it was ordered), uses up its nonce, and changes nothing else.
 */
public record TxOutcome(Hash txId, boolean success, String code, String message, List<Event> events) {
  public static final String OK = "ok";

  public TxOutcome {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    events = List.copyOf(events);
  }

  public static TxOutcome ok(Hash txId, List<Event> events) {
    return new TxOutcome(txId, true, OK, "", events);
  }

  public static TxOutcome failed(Hash txId, String code, String message) {
    return new TxOutcome(txId, false, code, message, List.of());
  }

  /** The state value recorded under {@link SystemKeys#outcome}: success flag, code, message. */
  public byte[] encodeStatus() {
    return new CanonicalWriter(64).bool(success).string(code).string(message).toByteArray();
  }

  public static TxOutcome decodeStatus(Hash txId, byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    boolean ok = r.bool("outcome.success");
    String code = r.string("outcome.code", 128);
    String message = r.string("outcome.message", 4096);
    r.expectEnd("outcome");
    return new TxOutcome(txId, ok, code, message, List.of());
  }

  /**
   * A committed transaction's outcome from the record under its sender and nonce ({@link
   * SystemKeys#transactionRecord}): a transaction whose nonce was already used when its block ran
   * leaves no record of its own (the first use owns the nonce), so a record of another
   * transaction, or none, means that failure.
   */
  public static TxOutcome fromRecord(Hash txId, byte[] recordOrNull) {
    if (recordOrNull == null || recordOrNull.length < Hash.LENGTH
        || !java.util.Arrays.equals(recordOrNull, 0, Hash.LENGTH, txId.unsafeBytes(), 0, Hash.LENGTH)) {
      return failed(txId, "replayed_nonce", "nonce was already used");
    }
    return decodeStatus(txId, java.util.Arrays.copyOfRange(recordOrNull, Hash.LENGTH, recordOrNull.length));
  }

  static String truncate(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= 1024 ? s : new String(b, 0, 1024, StandardCharsets.UTF_8);
  }
}
