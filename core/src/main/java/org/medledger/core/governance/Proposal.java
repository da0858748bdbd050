package org.medledger.core.governance;

import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * A proposal as the ledger keeps it: its terms (the proposer's arguments for its kind), who
 * proposed it and when, the last height votes are taken at, and how it ended.
 *
 * @param expiresAfter the last block height at which a vote counts
 * @param decidedAt the height at which it passed, was rejected, expired or went void; 0 while pending
 * @param effectiveAt for a passed validator-set change or upgrade, the height it is recorded to
 *     take effect at (step 2 applies it); 0 otherwise
 * @param note why it went void; empty otherwise
 */
public record Proposal(long id, ProposalKind kind, Args terms, String proposer, Hash proposerCertificate,
    long proposedAt, long expiresAfter, ProposalStatus status, long decidedAt, long effectiveAt, String note) {
  private static final String MAGIC = "medledger/proposal/v1";

  public Proposal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(proposerCertificate, "proposerCertificate");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(note, "note");
  }

  /** The state key of proposal {@code id}: zero-padded so keys sort by id. */
  public static String key(long id) {
    return "proposal/" + String.format(java.util.Locale.ROOT, "%012d", id);
  }

  public Optional<String> term(String name) {
    return terms.get(name);
  }

  /** The status a reader sees at {@code height}: a pending proposal past its last voting height has expired. */
  public ProposalStatus statusAt(long height) {
    return status == ProposalStatus.PENDING && height > expiresAfter ? ProposalStatus.EXPIRED : status;
  }

  public Proposal decided(ProposalStatus outcome, long height, long effective, String why) {
    return new Proposal(id, kind, terms, proposer, proposerCertificate, proposedAt, expiresAfter, outcome, height,
        effective, why);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(2048);
    w.string(MAGIC).u64(id).string(kind.wireName());
    terms.writeTo(w);
    w.string(proposer).raw(proposerCertificate.toBytes()).u64(proposedAt).u64(expiresAfter).string(status.wireName())
        .u64(decidedAt).u64(effectiveAt).string(note);
    return w.toByteArray();
  }

  public static Proposal decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    if (!MAGIC.equals(r.string("proposal.magic", 64))) {
      throw new DecodeException("proposal: not a " + MAGIC);
    }
    long id = r.u64("proposal.id");
    ProposalKind kind;
    try {
      kind = ProposalKind.parse(r.string("proposal.kind", 64));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("proposal.kind: " + e.getMessage());
    }
    Args terms = Args.readFrom(r, 64 * 1024);
    String proposer = r.string("proposal.proposer", 256);
    Hash cert = Hash.of(r.fixed(32, "proposal.proposerCertificate"));
    long at = r.u64("proposal.proposedAt");
    long expires = r.u64("proposal.expiresAfter");
    ProposalStatus status;
    try {
      status = ProposalStatus.parse(r.string("proposal.status", 16));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("proposal.status: unknown");
    }
    long decided = r.u64("proposal.decidedAt");
    long effective = r.u64("proposal.effectiveAt");
    String note = r.string("proposal.note", 1024);
    r.expectEnd("proposal");
    return new Proposal(id, kind, terms, proposer, cert, at, expires, status, decided, effective, note);
  }

  /** The fields a reader sees at {@code height}, names as the API gives them. */
  public java.util.SortedMap<String, String> describe(long height) {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("id", Long.toString(id));
    m.put("kind", kind.wireName());
    m.put("proposer", proposer);
    m.put("proposedAt", Long.toString(proposedAt));
    m.put("expiresAfter", Long.toString(expiresAfter));
    m.put("status", statusAt(height).wireName());
    if (decidedAt > 0) {
      m.put("decidedAt", Long.toString(decidedAt));
    }
    if (effectiveAt > 0) {
      m.put("effectiveAt", Long.toString(effectiveAt));
    }
    if (!note.isEmpty()) {
      m.put("note", note);
    }
    terms.asMap().forEach((k, v) -> m.put("terms." + k, v));
    return m;
  }
}
