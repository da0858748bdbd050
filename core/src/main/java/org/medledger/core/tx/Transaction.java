package org.medledger.core.tx;

import java.util.Arrays;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Signer;

/**
 * A signed request to run one contract method (docs/format.md §Transaction). The id is the suite
 * hash of the signed payload (every field but the signature), so it is known before signing and a
 * re-encoded signature cannot give the same request a second id.
 */
public final class Transaction {
  public static final int FORMAT_VERSION = 1;
  /** Hard ceiling on one encoded transaction; the genesis may set a lower one. */
  public static final int MAX_ENCODED_BYTES = 4 * 1024 * 1024;

  public static final int MAX_NAME_BYTES = 64;
  public static final int MAX_SIGNATURE_BYTES = 160;

  private final String suite;
  private final String chainId;
  private final Hash sender;
  private final long nonce;
  private final long timestamp;
  private final String contract;
  private final String method;
  private final Args args;
  private final byte[] signature;
  private final byte[] payload;
  private final byte[] encoded;
  private volatile Hash cachedId;
  private volatile HashFunction cachedIdFunction;

  private Transaction(
      String suite, String chainId, Hash sender, long nonce, long timestamp, String contract,
      String method, Args args, byte[] signature, byte[] payload) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.chainId = Objects.requireNonNull(chainId, "chainId");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.nonce = nonce;
    this.timestamp = timestamp;
    this.contract = Objects.requireNonNull(contract, "contract");
    this.method = Objects.requireNonNull(method, "method");
    this.args = Objects.requireNonNull(args, "args");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.payload = payload;
    CanonicalWriter w = new CanonicalWriter(payload.length + signature.length + 4);
    w.raw(payload).bytes(signature);
    this.encoded = w.toByteArray();
  }

  /** The fields a sender signs, before signing. */
  public record Payload(
      String suite, String chainId, Hash sender, long nonce, long timestamp, String contract,
      String method, Args args) {
    public Payload {
      checkName("suite", suite);
      checkName("chainId", chainId);
      Objects.requireNonNull(sender, "sender");
      checkName("contract", contract);
      checkName("method", method);
      Objects.requireNonNull(args, "args");
      if (timestamp < 0) {
        throw new IllegalArgumentException("timestamp must not be negative");
      }
    }

    public byte[] encode() {
      CanonicalWriter w = new CanonicalWriter(256);
      w.u8(FORMAT_VERSION)
          .string(suite)
          .string(chainId)
          .fixed(sender.unsafeBytes(), Hash.LENGTH)
          .u64(nonce)
          .u64(timestamp)
          .string(contract)
          .string(method);
      args.writeTo(w);
      return w.toByteArray();
    }

    public Transaction sign(Signer signer) {
      byte[] p = encode();
      return new Transaction(
          suite, chainId, sender, nonce, timestamp, contract, method, args, signer.sign(p), p);
    }

    /** Attaches a signature made elsewhere (e.g. by a client holding the key). */
    public Transaction withSignature(byte[] signature) {
      return new Transaction(
          suite, chainId, sender, nonce, timestamp, contract, method, args, signature.clone(),
          encode());
    }
  }

  private static void checkName(String field, String v) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (v.length() > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(field + " is longer than " + MAX_NAME_BYTES);
    }
  }

  /** Decodes and checks bounds; throws {@link DecodeException} naming the bad field. */
  public static Transaction decode(byte[] bytes) {
    if (bytes.length > MAX_ENCODED_BYTES) {
      throw new DecodeException(
          "transaction: " + bytes.length + " bytes exceeds the limit of " + MAX_ENCODED_BYTES);
    }
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException("version: unsupported transaction format " + version);
    }
    String suite = r.string("suite", MAX_NAME_BYTES);
    String chainId = r.string("chainId", MAX_NAME_BYTES);
    Hash sender = Hash.of(r.fixed(Hash.LENGTH, "sender"));
    long nonce = r.u64("nonce");
    long timestamp = r.u64("timestamp");
    if (timestamp < 0) {
      throw new DecodeException("timestamp: negative");
    }
    String contract = r.string("contract", MAX_NAME_BYTES);
    String method = r.string("method", MAX_NAME_BYTES);
    Args args = Args.readFrom(r, MAX_ENCODED_BYTES);
    int payloadEnd = r.position();
    byte[] signature = r.bytes("signature", MAX_SIGNATURE_BYTES);
    r.expectEnd("transaction");
    if (suite.isEmpty() || chainId.isEmpty() || contract.isEmpty() || method.isEmpty()) {
      throw new DecodeException("transaction: suite, chainId, contract and method must not be empty");
    }
    return new Transaction(
        suite, chainId, sender, nonce, timestamp, contract, method, args, signature,
        Arrays.copyOfRange(bytes, 0, payloadEnd));
  }

  public Hash id(HashFunction hash) {
    Hash id = cachedId;
    if (id != null && cachedIdFunction == hash) {
      return id;
    }
    id = Hash.of(hash.hash(payload));
    cachedIdFunction = hash;
    cachedId = id;
    return id;
  }

  /** The bytes the signature covers. Do not modify. */
  public byte[] payloadBytes() {
    return payload;
  }

  /** The full encoding (payload then signature). Do not modify. */
  public byte[] encoded() {
    return encoded;
  }

  public String suite() { return suite; }
  public String chainId() { return chainId; }
  public Hash sender() { return sender; }
  public long nonce() { return nonce; }
  public long timestamp() { return timestamp; }
  public String contract() { return contract; }
  public String method() { return method; }
  public Args args() { return args; }
  public byte[] signature() { return signature.clone(); }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && Arrays.equals(encoded, t.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Transaction[" + contract + "." + method + " from " + sender + " nonce " + nonce + "]";
  }
}
