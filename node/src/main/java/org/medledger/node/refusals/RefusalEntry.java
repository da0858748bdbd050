package org.medledger.node.refusals;

import java.nio.charset.StandardCharsets;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A refusal as the log keeps it: its place in the log, when it was filed, and the hash of the
 * entry before it, so the entries form one chain and none can be changed or taken out without
 * breaking every link after it. Encoded canonically (field order fixed, lengths bounded).
 */
public record RefusalEntry(long sequence, long time, Refusal refusal, Hash previous) {
  private static final int VERSION = 1;
  /** Separates this log's hashes from every other hash the node makes. */
  private static final byte[] DOMAIN = "medledger-refusal-log/v1\0".getBytes(StandardCharsets.UTF_8);

  public byte[] encode() {
    RefusalRequester who = refusal.requester();
    CanonicalWriter w = new CanonicalWriter(256);
    w.u8(VERSION).u64(sequence).u64(time).string(refusal.source()).string(refusal.method()).string(refusal.path())
        .u32(refusal.status()).string(refusal.reason()).u8(who.basis().ordinal())
        .bytes(who.certificate() == null ? new byte[0] : who.certificate().toBytes())
        .string(who.organisation()).string(who.role()).string(who.name()).fixed(previous.toBytes(), Hash.LENGTH);
    return w.toByteArray();
  }

  /** The hash the next entry names as its previous one. */
  public Hash hash(HashFunction hash) {
    return hashOf(hash, encode());
  }

  static Hash hashOf(HashFunction hash, byte[] encoded) {
    var h = hash.newHasher();
    h.update(DOMAIN);
    h.update(encoded);
    return Hash.adopt(h.digest());
  }

  public static RefusalEntry decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("refusal.version");
    if (version != VERSION) {
      throw new org.medledger.core.codec.DecodeException("refusal entry version " + version + " is not " + VERSION);
    }
    long sequence = r.u64("refusal.sequence");
    long time = r.u64("refusal.time");
    String source = r.string("refusal.source", 512);
    String method = r.string("refusal.method", 512);
    String path = r.string("refusal.path", Refusal.MAX_PATH * 4);
    int status = r.u32("refusal.status");
    String reason = r.string("refusal.reason", 64);
    int basisOrdinal = r.u8("refusal.basis");
    RefusalRequester.Basis[] bases = RefusalRequester.Basis.values();
    if (basisOrdinal >= bases.length) {
      throw new org.medledger.core.codec.DecodeException("refusal.basis " + basisOrdinal + " is not a basis");
    }
    byte[] cert = r.bytes("refusal.certificate", Hash.LENGTH);
    if (cert.length != 0 && cert.length != Hash.LENGTH) {
      throw new org.medledger.core.codec.DecodeException("refusal.certificate is " + cert.length + " bytes");
    }
    String organisation = r.string("refusal.organisation", 512);
    String role = r.string("refusal.role", 512);
    String name = r.string("refusal.name", 512);
    Hash previous = Hash.of(r.fixed(Hash.LENGTH, "refusal.previous"));
    r.expectEnd("refusal entry");
    RefusalRequester who = new RefusalRequester(bases[basisOrdinal], cert.length == 0 ? null : Hash.of(cert), organisation,
        role, name);
    return new RefusalEntry(sequence, time, new Refusal(source, method, path, status, reason, who), previous);
  }
}
