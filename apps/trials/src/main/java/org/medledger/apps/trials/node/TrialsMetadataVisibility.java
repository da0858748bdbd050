package org.medledger.apps.trials.node;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.medledger.apps.records.contract.view.ConsentView;
import org.medledger.apps.trials.contract.Enrolment;
import org.medledger.apps.trials.contract.TrialHead;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.fhir.SubjectAccess;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.MetadataRule;

/**
 * Who may see trials' participant metadata through the platform's routes (a transaction, its
 * receipt, a state receipt): an {@code enrol} names a patient and her consent, and the
 * enrolment, index and read-log keys tie a participant to a trial. They are shown to their
 * sender and to whom may read the participant's ResearchSubject ({@link SubjectAccess}: the
 * patient, a sponsor of the trial's organisation, a regulator); the registry itself (register,
 * amend, results, and the {@code head/}, {@code version/}, {@code results/}, {@code flag/} keys)
 * is public. What names no participant that can be found goes to regulators and the sender only.
 * Other contracts' data is not trials' to judge: {@code true}.
 */
final class TrialsMetadataVisibility implements MetadataRule {
  private final SubjectAccess access;

  TrialsMetadataVisibility(SubjectAccess access) {
    this.access = access;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!TrialsContract.NAME.equals(tx.contract()) || who.certificateId().equals(tx.sender()) || "regulator".equals(who.role())) {
      return true;
    }
    try {
      return switch (tx.method()) {
        case TrialsContract.ENROL -> {
          Optional<TrialHead> head = head(state, tx.args().get("trialId").orElse(""));
          Hash patient = Hash.fromHex(tx.args().get("patient").orElseThrow());
          yield head.isPresent() && access.mayRead(state, who, head.get().sponsorOrganisation(), patient);
        }
        case TrialsContract.SUBJECT_READ -> participant(state, who, Hash.fromHex(tx.args().get("participant").orElseThrow()));
        default -> true;
      };
    } catch (RuntimeException e) {
      // Malformed arguments name no participant that can be checked: regulators and the sender only.
      return false;
    }
  }

  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    String namespace = new String(fullKey, 0, sep, StandardCharsets.UTF_8);
    if (!TrialsContract.NAME.equals(namespace) || "regulator".equals(who.role())) {
      return true;
    }
    String key = sep >= fullKey.length ? "" : new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    String[] parts = key.split("/");
    try {
      return switch (parts[0]) {
        case "enrolment" -> parts.length == 3 && participant(state, who, Hash.fromHex(parts[2]));
        case "subject", "read" -> parts.length >= 2 && participant(state, who, Hash.fromHex(parts[1]));
        default -> true;
      };
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code who} may read this participant's ResearchSubject; false when nobody is enrolled under it. */
  private boolean participant(StateReader state, Caller who, Hash participant) {
    Optional<Enrolment> e = TrialsContract.enrolment(state, participant);
    if (e.isEmpty()) {
      return false;
    }
    Optional<TrialHead> head = head(state, e.get().trialId());
    return head.isPresent() && ConsentView.consent(state, e.get().consent(), 0L)
        .map(c -> access.mayRead(state, who, head.get().sponsorOrganisation(), c.patient())).orElse(false);
  }

  private static Optional<TrialHead> head(StateReader state, String trialId) {
    return Optional.ofNullable(state.get(StateKeys.of(TrialsContract.NAME, TrialsContract.headKey(trialId)))).map(TrialHead::decode);
  }
}
