package org.medledger.apps.care.contract;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Recovery milestones: ledger entries signed by a clinician of a hospital caring for the patient
 * (herself or through her node), or by the patient herself for her own goal achieved or reported
 * outcome. Each is its transaction: the platform's transaction receipt proves it offline.
 */
final class Milestones {
  static final Arg<MilestoneType> TYPE = Arg.of("type", "milestone type", MilestoneType::parse);
  static final Arg<Hash> CHAIN = Arg.hash("chain", "the record of the plan's or goal's version 1");
  static final Arg<Hash> RECORD = Arg.hash("record", "the hash of a health record the milestone cites");
  static final Arg<Hash> ID = Arg.hash("milestone", "a milestone id (the transaction that recorded it)");
  private static final java.util.regex.Pattern ORGANISATION = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9\\-.]{0,63}");
  static final Arg<String> GRANTEE = Arg.of("organisation", "organisation", v -> {
    if (!ORGANISATION.matcher(v).matches()) {
      throw new ContractException("invalid_argument", "organisation '" + v + "' must be an organisation name (1-64 of a-z 0-9 - .)");
    }
    return v;
  });

  static final Arg<Long> UNTIL = Arg.of("until", "block time (epoch ms)", v -> {
    try {
      long t = Long.parseLong(v);
      if (t > 0) {
        return t;
      }
    } catch (NumberFormatException e) {
      // refused below, naming the argument
    }
    throw new ContractException("invalid_argument", "until must be a block time in epoch milliseconds (a whole number"
        + " above 0), not '" + v + "'");
  });

  private final CareAuthorCheck authors;

  Milestones(CareAuthorCheck authors) {
    this.authors = authors;
  }

  void record(ContractContext ctx) throws ContractException {
    Hash patient = PlanVersions.PATIENT.in(ctx);
    MilestoneType type = TYPE.in(ctx);
    Optional<Hash> chain = CHAIN.ifGiven(ctx);
    Optional<Hash> cited = RECORD.ifGiven(ctx);
    Hash signer;
    String role;
    String organisation;
    if ("patient".equals(ctx.caller().role())) {
      requireThePatientHerself(ctx, patient);
      if (!type.patientMaySign()) {
        throw new ContractException("forbidden", "a " + type.wireName() + " is recorded by a clinician of her hospital,"
            + " not by the patient");
      }
      signer = ctx.caller().certificateId();
      role = "patient";
      organisation = ctx.caller().organisation();
    } else {
      Author author = Author.of(ctx, PlanVersions.AUTHOR);
      authors.requireMayRecord(ctx, author.certificate(), author.organisation(), author.role(), "record a care milestone");
      if (!RecordsView.caredForBy(ctx, patient, author.organisation())) {
        throw new ContractException("not_in_care", "patient " + patient.hex() + " has not put " + author.organisation()
            + " in her care list: it records no milestone for her");
      }
      signer = author.certificate();
      role = author.role();
      organisation = author.organisation();
    }
    if (chain.isPresent()) {
      List<PlanVersion> versions = PlanVersions.chain(new org.medledger.core.runtime.OtherContractsState(ctx), chain.get());
      if (versions.isEmpty() || !versions.get(0).patient().equals(patient)) {
        throw new ContractException("unknown_chain", "chain " + chain.get().hex() + " is no care plan or goal of patient "
            + patient.hex());
      }
      if (type == MilestoneType.GOAL_ACHIEVED && versions.get(0).kind() != CareKind.GOAL) {
        throw new ContractException("wrong_kind", "chain " + chain.get().hex() + " is a " + versions.get(0).kind().resourceType()
            + ": a goal achieved names a Goal");
      }
    } else if (type == MilestoneType.GOAL_ACHIEVED) {
      throw new ContractException("missing_argument", "a goal-achieved milestone names the goal (chain: its version 1's record)");
    }
    if (cited.isPresent()) {
      RecordsView.RecordFacts facts = RecordsView.recordFacts(ctx, cited.get()).orElseThrow(() -> new ContractException(
          "unknown_record", "record " + cited.get().hex() + " is not on the ledger"));
      if (!facts.patient().equals(patient)) {
        throw new ContractException("wrong_patient", "record " + cited.get().hex() + " is another patient's");
      }
      if (facts.erased()) {
        throw new ContractException("erased", "record " + cited.get().hex() + " was erased");
      }
    }
    Hash id = ctx.transactionId();
    Milestone m = new Milestone(id, patient, type, chain, cited, signer, role, organisation, ctx.blockHeight(),
        ctx.blockTimestamp());
    ctx.put(CareKeys.milestone(id), m.encode());
    ctx.put(CareKeys.patientMilestone(patient, id), new byte[] {1});
    ctx.emit("MilestoneRecorded", Args.of("milestone", id.hex(), "patient", patient.hex(), "type", type.wireName(),
        "signerRole", role, "organisation", organisation));
  }

  /** A patient signs only for herself: her certificate's key must be the key she registered as this patient. */
  static void requireThePatientHerself(ContractContext ctx, Hash patient) throws ContractException {
    byte[] registered = RecordsView.patientKey(ctx, patient).orElseThrow(() -> new ContractException("unknown_patient",
        "patient " + patient.hex() + " is not registered"));
    Optional<PublicKey> own = ctx.member(ctx.caller().certificateId()).map(m -> m.publicKey());
    if (own.isEmpty() || own.get() == null || !Arrays.equals(own.get().getEncoded(), registered)) {
      throw new ContractException("forbidden", "a patient records milestones only for herself: patient " + patient.hex()
          + " is someone else");
    }
  }

  /**
   * The patient shares one of her milestones with one organisation: she alone (her own key), and
   * only her own milestones. The share is the whole permission: that entry, nothing behind it. It
   * may end at a block time ({@code until}); a share that ended may be given again.
   */
  void share(ContractContext ctx) throws ContractException {
    ShareTarget target = herOwnShare(ctx, "shares");
    Optional<Long> until = UNTIL.ifGiven(ctx);
    if (until.isPresent() && until.get() <= ctx.blockTimestamp()) {
      throw new ContractException("already_expired", "the share would end at " + until.get() + ", not after this block ("
          + ctx.blockTimestamp() + ")");
    }
    Optional<MilestoneShare> existing = findShare(ctx.get(CareKeys.share(target.id(), target.organisation())));
    if (existing.isPresent() && existing.get().inForceAt(ctx.blockTimestamp())) {
      throw new ContractException("already_shared", "milestone " + target.id().hex() + " is already shared with "
          + target.organisation());
    }
    ctx.put(CareKeys.share(target.id(), target.organisation()), new MilestoneShare(target.id(), target.patient(),
        target.organisation(), ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp(),
        until.orElse(MilestoneShare.NO_END)).encode());
    ctx.emit("MilestoneShared", Args.of("milestone", target.id().hex(), "organisation", target.organisation(), "until",
        Long.toString(until.orElse(MilestoneShare.NO_END))));
  }

  /**
   * The patient takes a share back: she alone, for her own milestone. The share's entry is removed
   * (the transactions that gave and took it stay in the blocks), so the organisation's next read
   * is refused. A share that ended by itself is still hers to remove.
   */
  void revokeShare(ContractContext ctx) throws ContractException {
    ShareTarget target = herOwnShare(ctx, "revokes shares of");
    String key = CareKeys.share(target.id(), target.organisation());
    if (ctx.get(key) == null) {
      throw new ContractException("not_shared", "milestone " + target.id().hex() + " is not shared with "
          + target.organisation() + ": nothing to revoke");
    }
    ctx.delete(key);
    ctx.emit("MilestoneShareRevoked", Args.of("milestone", target.id().hex(), "organisation", target.organisation()));
  }

  private record ShareTarget(Hash id, Hash patient, String organisation) {}

  /** The milestone and organisation a share names, once the caller is proven to be the patient it belongs to. */
  private static ShareTarget herOwnShare(ContractContext ctx, String act) throws ContractException {
    if (!"patient".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only the patient " + act + " her milestones (the caller's role is "
          + ctx.caller().role() + ")");
    }
    Hash id = ID.in(ctx);
    String organisation = GRANTEE.in(ctx);
    byte[] stored = ctx.get(CareKeys.milestone(id));
    if (stored == null) {
      throw new ContractException("unknown_milestone", "no milestone was recorded by transaction " + id.hex());
    }
    Milestone m = Milestone.decode(stored);
    requireThePatientHerself(ctx, m.patient());
    return new ShareTarget(id, m.patient(), organisation);
  }

  private static Optional<MilestoneShare> findShare(byte[] stored) {
    return stored == null ? Optional.empty() : Optional.of(MilestoneShare.decode(stored));
  }

  /** The patient's share of this milestone with {@code organisation}, in force or ended, unless she revoked it. */
  static Optional<MilestoneShare> share(StateReader state, Hash id, String organisation) {
    return findShare(state.get(StateKeys.of(CareContract.NAME, CareKeys.share(id, organisation))));
  }

  static Optional<Milestone> find(StateReader state, Hash id) {
    byte[] v = state.get(StateKeys.of(CareContract.NAME, CareKeys.milestone(id)));
    return v == null ? Optional.empty() : Optional.of(Milestone.decode(v));
  }

  /** The patient's milestones, oldest first (by height, then id). */
  static List<Milestone> ofPatient(StateReader state, Hash patient) {
    List<Milestone> out = new ArrayList<>();
    String prefix = CareKeys.patientMilestones(patient);
    state.scan(StateKeys.of(CareContract.NAME, prefix), (k, v) -> {
      find(state, Hash.fromHex(StateKeys.localKey(CareContract.NAME, k).substring(prefix.length()))).ifPresent(out::add);
      return true;
    });
    out.sort(java.util.Comparator.comparingLong(Milestone::height).thenComparing(m -> m.id().hex()));
    return out;
  }
}
