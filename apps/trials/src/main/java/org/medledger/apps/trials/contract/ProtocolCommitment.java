package org.medledger.apps.trials.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * A trial's full protocol as the ledger knows it: the hash its registration committed (the
 * document's {@code protocolHash}, the chain's hash of the protocol's exact bytes), the first
 * version that named it, and, once its sponsor revealed it, the transaction that carries the
 * bytes. The protocol stays with its sponsor until then: a registry must show that the protocol
 * existed, unchanged, before enrolment, without making the sponsor publish it early.
 */
public record ProtocolCommitment(
    String trialId,
    Hash protocolHash,
    int firstVersion,
    long committedHeight,
    Hash revealTransaction,
    long revealHeight,
    long revealTime,
    int revealedBytes) {

  public static ProtocolCommitment committed(String trialId, Hash protocolHash, int version, long height) {
    return new ProtocolCommitment(trialId, protocolHash, version, height, Hash.ZERO, 0, 0, 0);
  }

  public boolean revealed() {
    return revealHeight != 0;
  }

  public ProtocolCommitment revealedBy(Hash transaction, long height, long time, int bytes) {
    return new ProtocolCommitment(trialId, protocolHash, firstVersion, committedHeight, transaction, height, time, bytes);
  }

  public byte[] encode() {
    return new CanonicalWriter(160).u8(1).string(trialId).fixed(protocolHash.unsafeBytes(), Hash.LENGTH).u32(firstVersion)
        .u64(committedHeight).fixed(revealTransaction.unsafeBytes(), Hash.LENGTH).u64(revealHeight).u64(revealTime)
        .u32(revealedBytes).toByteArray();
  }

  public static ProtocolCommitment decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("protocol.format");
    ProtocolCommitment c = new ProtocolCommitment(r.string("protocol.trialId", 64), Hash.of(r.fixed(Hash.LENGTH, "protocol.hash")),
        r.u32("protocol.firstVersion"), r.u64("protocol.committedHeight"), Hash.of(r.fixed(Hash.LENGTH, "protocol.revealTransaction")),
        r.u64("protocol.revealHeight"), r.u64("protocol.revealTime"), r.u32("protocol.revealedBytes"));
    r.expectEnd("protocol commitment");
    return c;
  }
}
