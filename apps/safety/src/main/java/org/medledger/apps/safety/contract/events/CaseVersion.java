package org.medledger.apps.safety.contract.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One version of a case, as FAERS and VAERS keep them: the first report is version 1, each
 * follow-up adds the next, and none is ever overwritten. A version holds the whole clinical
 * picture as its reporter saw it then (reactions, free text, seriousness, outcome, causality, onset), so a
 * reader needs no earlier version to read it, and the ledger shows what changed between two.
 *
 * @param reactions codes of {@link ReactionTerm}, in the order reported
 * @param causality the reporter's assessment, when she gave one
 * @param onset the day the reaction began, ISO 8601 (YYYY-MM-DD)
 * @param transactionId the transaction that wrote this version (64 hex)
 */
public record CaseVersion(int version, List<String> reactions, String description, Seriousness seriousness, Outcome outcome,
    Optional<Causality> causality, String onset, String reporter, String reporterOrganisation, long height, long time, String transactionId) {
  public static final int MAX_REACTIONS = 10;
  public static final int MAX_DESCRIPTION_BYTES = 4_000;

  public CaseVersion {
    reactions = List.copyOf(reactions);
  }

  /** Format 2 added the causality byte (0: not stated, else its ordinal + 1); format 1 versions read as not stated. */
  static final int FORMAT = 2;

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256 + description.length()).u8(FORMAT).u32(version).u32(reactions.size());
    for (String r : reactions) {
      w.string(r);
    }
    return w.string(description).u8(seriousness.ordinal()).u8(outcome.ordinal())
        .u8(causality.map(c -> c.ordinal() + 1).orElse(0)).string(onset).string(reporter)
        .string(reporterOrganisation).u64(height).u64(time).string(transactionId).toByteArray();
  }

  public static CaseVersion decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int format = r.u8("caseVersion.format");
    if (format != 1 && format != FORMAT) {
      throw new DecodeException("caseVersion.format: " + format + " is not 1 or " + FORMAT);
    }
    int version = r.u32("caseVersion.version");
    int n = r.count("caseVersion.reactions", MAX_REACTIONS);
    List<String> reactions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reactions.add(r.string("caseVersion.reaction", 64));
    }
    String description = r.string("caseVersion.description", MAX_DESCRIPTION_BYTES);
    int s = r.u8("caseVersion.seriousness");
    int o = r.u8("caseVersion.outcome");
    if (s >= Seriousness.values().length || o >= Outcome.values().length) {
      throw new DecodeException("caseVersion: seriousness " + s + " or outcome " + o + " is out of range");
    }
    int c = format == 1 ? 0 : r.u8("caseVersion.causality");
    if (c > Causality.values().length) {
      throw new DecodeException("caseVersion.causality: " + c + " is out of range");
    }
    Optional<Causality> causality = c == 0 ? Optional.empty() : Optional.of(Causality.values()[c - 1]);
    CaseVersion v = new CaseVersion(version, reactions, description, Seriousness.values()[s], Outcome.values()[o],
        causality, r.string("caseVersion.onset", 10), r.string("caseVersion.reporter", 64), r.string("caseVersion.organisation", 256),
        r.u64("caseVersion.height"), r.u64("caseVersion.time"), r.string("caseVersion.tx", 64));
    r.expectEnd("caseVersion");
    return v;
  }
}
