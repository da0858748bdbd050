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

  public static final String REPLAYED_NONCE = "replayed_nonce";

  /**
   * The outcome of a transaction whose sender had already used its nonce when its block ran:
   * derived from the transaction alone, so a node that finds another transaction's record under
   * that nonce gives the same outcome the executor gave.
   */
  public static TxOutcome replayed(Hash txId, long nonce) {
    return failed(txId, REPLAYED_NONCE, "nonce " + Long.toUnsignedString(nonce) + " of this sender was already used");
  }

  /**
   * The transaction's entry in the ledger's transaction log (and the record kept under its sender
   * and nonce): transaction id ‖ {@link #encodeStatus}. The log's leaves are these entries, so
   * the log root commits to every outcome as well as every transaction.
   */
  public byte[] logEntry() {
    byte[] status = encodeStatus();
    byte[] out = new byte[Hash.LENGTH + status.length];
    System.arraycopy(txId.unsafeBytes(), 0, out, 0, Hash.LENGTH);
    System.arraycopy(status, 0, out, Hash.LENGTH, status.length);
    return out;
  }

  /** Success flag, code, message: the part of {@link #logEntry} after the transaction id. */
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
   * A committed transaction's outcome from the record under its sender and nonce (its {@link
   * #logEntry}): a transaction whose nonce was already used when its block ran leaves no record of
   * its own (the first use owns the nonce), so another transaction's record means {@link
   * #replayed}. Throws IllegalStateException when there is no record at all, which a committed
   * transaction always has.
   */
  public static TxOutcome fromRecord(Hash txId, long nonce, byte[] recordOrNull) {
    if (recordOrNull == null || recordOrNull.length < Hash.LENGTH) {
      throw new IllegalStateException("no transaction record under the nonce of committed transaction " + txId);
    }
    if (!java.util.Arrays.equals(recordOrNull, 0, Hash.LENGTH, txId.unsafeBytes(), 0, Hash.LENGTH)) {
      return replayed(txId, nonce);
    }
    return decodeStatus(txId, java.util.Arrays.copyOfRange(recordOrNull, Hash.LENGTH, recordOrNull.length));
  }

  /** Reads a {@link #logEntry}. */
  public static TxOutcome fromLogEntry(byte[] entry) {
    if (entry.length < Hash.LENGTH) {
      throw new org.medledger.core.codec.DecodeException("log entry: shorter than a transaction id");
    }
    Hash txId = Hash.of(java.util.Arrays.copyOf(entry, Hash.LENGTH));
    return decodeStatus(txId, java.util.Arrays.copyOfRange(entry, Hash.LENGTH, entry.length));
  }

  static String truncate(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= 1024 ? s : new String(b, 0, 1024, StandardCharsets.UTF_8);
  }
}
