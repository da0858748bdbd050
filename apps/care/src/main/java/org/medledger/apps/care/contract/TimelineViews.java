package org.medledger.apps.care.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * The audit of timeline views: a node logs every look at a patient's timeline it answered, served
 * or refused, before it answers (as records' audit logs every read). The node vouches for what it
 * showed; the ledger checks that the viewer is a valid member and the patient registered.
 */
final class TimelineViews {
  private static final Pattern ORGANISATIONS = Pattern.compile("([a-z0-9][a-z0-9\\-.]{0,63}(,[a-z0-9][a-z0-9\\-.]{0,63})*)?");
  static final Arg<Hash> VIEWER = Arg.hash("viewer", "the certificate id of the member who looked");
  static final Arg<Boolean> SERVED = Arg.of("outcome", "served or refused", v -> switch (v) {
    case "served" -> true;
    case "refused" -> false;
    default -> throw new ContractException("invalid_argument", "outcome must be served or refused, not '" + v + "'");
  });
  static final Arg<String> SHOWN = Arg.of("organisations", "organisations", v -> {
    if (v.length() > 4000 || !ORGANISATIONS.matcher(v).matches()) {
      throw new ContractException("invalid_argument", "organisations must be comma-separated organisation names (or empty)");
    }
    return v;
  });
  static final Arg<Long> ENTRIES = Arg.of("entries", "count", v -> {
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal naming the argument
    }
    throw new ContractException("invalid_argument", "entries must be a whole number from 0, not '" + v + "'");
  });

  void log(ContractContext ctx) throws ContractException {
    Hash patient = PlanVersions.PATIENT.in(ctx);
    if (RecordsView.patientKey(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient.hex() + " is not registered");
    }
    Hash viewer = VIEWER.in(ctx);
    MemberCertificate who = ctx.member(viewer).orElseThrow(() -> new ContractException("unknown_viewer",
        "viewer " + viewer.hex() + " is not a valid member certificate at this block"));
    boolean served = SERVED.in(ctx);
    String shown = SHOWN.ifGiven(ctx).orElse("");
    long entries = ENTRIES.in(ctx);
    if (!served && (entries != 0 || !shown.isEmpty())) {
      throw new ContractException("invalid_argument", "a refused view shows no entries and no organisations");
    }
    java.util.Optional<Hash> milestone = Milestones.ID.ifGiven(ctx);
    if (milestone.isPresent()) {
      java.util.Optional<Milestone> m = Milestones.find(new org.medledger.core.runtime.OtherContractsState(ctx), milestone.get());
      if (m.isEmpty() || !m.get().patient().equals(patient)) {
        throw new ContractException("unknown_milestone", "patient " + patient.hex() + " has no milestone " + milestone.get().hex());
      }
      if (entries > 1) {
        throw new ContractException("invalid_argument", "a look at one milestone shows at most 1 entry, not " + entries);
      }
    }
    Hash id = ctx.transactionId();
    TimelineView v = new TimelineView(id, patient, milestone, viewer, who.organisation(), who.role().wireName(), served, shown, entries,
        ctx.caller().organisation(), ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(CareKeys.view(patient, id), v.encode());
    ctx.emit("TimelineViewed", Args.of("patient", patient.hex(), "viewer", viewer.hex(), "outcome",
        served ? "served" : "refused"));
  }

  /** Every logged look at the patient's timeline, oldest first (by height, then id). */
  static List<TimelineView> ofPatient(StateReader state, Hash patient) {
    List<TimelineView> out = new ArrayList<>();
    state.scan(StateKeys.of(CareContract.NAME, CareKeys.views(patient)), (k, v) -> out.add(TimelineView.decode(v)));
    out.sort(java.util.Comparator.comparingLong(TimelineView::height).thenComparing(v -> v.id().hex()));
    return out;
  }
}
