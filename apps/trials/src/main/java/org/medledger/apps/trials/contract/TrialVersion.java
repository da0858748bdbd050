package org.medledger.apps.trials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One version of a trial's registration as the ledger keeps it: the hash of the canonical
 * document, the reason stated for it (empty for version 1), the outcomes to compare results
 * with, the dates that make results due, the transaction and block that committed it, and the
 * hash of the full protocol when the document commits to one (format 2; format 1 predates it).
 */
public record TrialVersion(
    String trialId,
    int version,
    Hash documentHash,
    String reason,
    List<RegisteredOutcome> outcomes,
    String primaryCompletionDate,
    String resultsDue,
    Hash submittedBy,
    Hash transactionId,
    long height,
    long timestamp,
    Optional<Hash> protocolHash) {

  public TrialVersion {
    outcomes = List.copyOf(outcomes);
  }

  public Optional<RegisteredOutcome> outcome(String id) {
    return outcomes.stream().filter(o -> o.id().equals(id)).findFirst();
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(512).u8(protocolHash.isPresent() ? 2 : 1).string(trialId).u32(version).fixed(documentHash.unsafeBytes(), Hash.LENGTH)
        .string(reason).u32(outcomes.size());
    for (RegisteredOutcome o : outcomes) {
      w.string(o.id()).string(o.kind()).fixed(o.measureHash().unsafeBytes(), Hash.LENGTH).string(o.timeFrame());
    }
    w.string(primaryCompletionDate).string(resultsDue).fixed(submittedBy.unsafeBytes(), Hash.LENGTH)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH).u64(height).u64(timestamp);
    protocolHash.ifPresent(p -> w.fixed(p.unsafeBytes(), Hash.LENGTH));
    return w.toByteArray();
  }

  public static TrialVersion decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int format = r.u8("trialVersion.format");
    if (format != 1 && format != 2) {
      throw new org.medledger.core.codec.DecodeException("trialVersion.format " + format + " is not 1 or 2");
    }
    String trialId = r.string("trialVersion.trialId", 64);
    int version = r.u32("trialVersion.version");
    Hash documentHash = Hash.of(r.fixed(Hash.LENGTH, "trialVersion.documentHash"));
    String reason = r.string("trialVersion.reason", 8_192);
    int n = r.count("trialVersion.outcomes", TrialDocument.MAX_OUTCOMES);
    List<RegisteredOutcome> outcomes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      outcomes.add(new RegisteredOutcome(r.string("outcome.id", 32), r.string("outcome.kind", 16),
          Hash.of(r.fixed(Hash.LENGTH, "outcome.measureHash")), r.string("outcome.timeFrame", 8_192)));
    }
    TrialVersion v = new TrialVersion(trialId, version, documentHash, reason, outcomes, r.string("trialVersion.completion", 10),
        r.string("trialVersion.resultsDue", 10), Hash.of(r.fixed(Hash.LENGTH, "trialVersion.submittedBy")),
        Hash.of(r.fixed(Hash.LENGTH, "trialVersion.transactionId")), r.u64("trialVersion.height"), r.u64("trialVersion.timestamp"),
        format == 2 ? Optional.of(Hash.of(r.fixed(Hash.LENGTH, "trialVersion.protocolHash"))) : Optional.empty());
    r.expectEnd("trial version");
    return v;
  }
}
