package org.medledger.apps.care.contract;

import java.util.ArrayList;
import java.util.Collections;
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
 * The version chain of care plans and goals. A version is appended, never replaced: version 1
 * starts a chain, every later one names the latest version as its predecessor and carries the
 * next number, so a version that skips a number or follows a version that already has a
 * successor (a fork) is refused, naming the version it should have followed.
 */
final class PlanVersions {
  static final int MAX_REASON_CHARS = 200;

  static final Arg<Hash> AUTHOR = Arg.hash("author", "the certificate id of the clinician who wrote this version");
  static final Arg<Hash> PATIENT = Arg.hash("patient", "a patient id");
  static final Arg<CareKind> KIND = Arg.of("kind", "CarePlan or Goal", CareKind::parse);
  static final Arg<Hash> RECORD = Arg.hash("record", "the hash of the health record holding this version's FHIR document");
  static final Arg<Hash> PREVIOUS = Arg.hash("previous", "the record of the version this one follows");
  static final Arg<Hash> CHAIN = Arg.hash("chain", "the record of a plan's or goal's version 1");
  static final Arg<Long> NUMBER = Arg.of("version", "version number", PlanVersions::number);
  static final Arg<String> REASON = Arg.of("reason", "reason", PlanVersions::reason);

  private final CareAuthorCheck authors;

  PlanVersions(CareAuthorCheck authors) {
    this.authors = authors;
  }

  void append(ContractContext ctx) throws ContractException {
    Author author = Author.of(ctx, AUTHOR);
    authors.requireMayRecord(ctx, author.certificate(), author.organisation(), author.role(), "record a care plan or goal");
    Hash patient = PATIENT.in(ctx);
    CareKind kind = KIND.in(ctx);
    Hash record = RECORD.in(ctx);
    long number = NUMBER.in(ctx);
    Optional<Hash> previous = PREVIOUS.ifGiven(ctx);
    String reason = REASON.in(ctx);
    if (!RecordsView.caredForBy(ctx, patient, author.organisation())) {
      throw new ContractException("not_in_care", "patient " + patient.hex() + " has not put " + author.organisation()
          + " in her care list: it records no care plan for her");
    }
    RecordsView.RecordFacts stored = RecordsView.recordFacts(ctx, record).orElseThrow(() -> new ContractException(
        "unknown_record", "record " + record.hex() + " is not on the ledger: store the " + kind.resourceType()
            + " through the health records first"));
    if (!stored.patient().equals(patient)) {
      throw new ContractException("wrong_patient", "record " + record.hex() + " is another patient's");
    }
    if (!stored.custodian().equals(author.organisation())) {
      throw new ContractException("forbidden", "record " + record.hex() + " is kept by " + stored.custodian()
          + ": a hospital versions only the plans it stores");
    }
    if (!stored.resourceType().equals(kind.resourceType())) {
      throw new ContractException("wrong_kind", "record " + record.hex() + " is a " + stored.resourceType() + ", not a "
          + kind.resourceType());
    }
    if (stored.erased()) {
      throw new ContractException("erased", "record " + record.hex() + " was erased");
    }
    if (ctx.get(CareKeys.version(record)) != null) {
      throw new ContractException("already_recorded", "record " + record.hex() + " is already a version of a care plan or goal");
    }
    Hash chain = previous.isEmpty() ? startOf(record, number) : chainAfter(ctx, previous.get(), patient, kind, number,
        author.organisation());
    PlanVersion v = new PlanVersion(record, chain, patient, kind, number, previous, reason, author.certificate(),
        author.organisation(), ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(CareKeys.version(record), v.encode());
    ctx.put(CareKeys.head(chain), record.toBytes());
    ctx.put(CareKeys.patientChain(patient, chain), new byte[] {1});
    ctx.emit("PlanVersioned", Args.of("chain", chain.hex(), "record", record.hex(), "patient", patient.hex(),
        "kind", kind.resourceType(), "version", Long.toString(number), "organisation", author.organisation()));
  }

  private static Hash startOf(Hash record, long number) throws ContractException {
    if (number != 1) {
      throw new ContractException("missing_predecessor", "version " + number + " must name its predecessor (previous): only"
          + " version 1 starts a chain");
    }
    return record;
  }

  private static Hash chainAfter(ContractContext ctx, Hash previous, Hash patient, CareKind kind, long number,
      String organisation) throws ContractException {
    byte[] before = ctx.get(CareKeys.version(previous));
    if (before == null) {
      throw new ContractException("unknown_version", "previous " + previous.hex() + " is no version of a care plan or goal");
    }
    PlanVersion p = PlanVersion.decode(before);
    if (!p.patient().equals(patient) || p.kind() != kind) {
      throw new ContractException("wrong_chain", "previous " + previous.hex() + " is a " + p.kind().resourceType()
          + " of patient " + p.patient().hex() + ", not a " + kind.resourceType() + " of " + patient.hex());
    }
    if (!p.organisation().equals(organisation)) {
      throw new ContractException("forbidden", "chain " + p.chain().hex() + " is " + p.organisation() + "'s: "
          + organisation + " starts a plan of its own");
    }
    if (number != p.number() + 1) {
      throw new ContractException("skips_version", "version " + number + " names version " + p.number() + " ("
          + previous.hex() + ") as its predecessor: it must be version " + (p.number() + 1));
    }
    Hash latest = Hash.of(ctx.get(CareKeys.head(p.chain())));
    if (!latest.equals(previous)) {
      PlanVersion head = PlanVersion.decode(ctx.get(CareKeys.version(latest)));
      throw new ContractException("forks_chain", "version " + p.number() + " (" + previous.hex() + ") of chain "
          + p.chain().hex() + " already has a successor: the latest is version " + head.number() + " (" + latest.hex()
          + "), which a new version must name");
    }
    return p.chain();
  }

  static Optional<PlanVersion> find(StateReader state, Hash record) {
    byte[] v = state.get(StateKeys.of(CareContract.NAME, CareKeys.version(record)));
    return v == null ? Optional.empty() : Optional.of(PlanVersion.decode(v));
  }

  static List<PlanVersion> chain(StateReader state, Hash chain) {
    byte[] head = state.get(StateKeys.of(CareContract.NAME, CareKeys.head(chain)));
    List<PlanVersion> out = new ArrayList<>();
    Optional<Hash> at = head == null ? Optional.empty() : Optional.of(Hash.of(head));
    while (at.isPresent()) {
      PlanVersion v = find(state, at.get()).orElseThrow(() -> new IllegalStateException("a care chain names a missing version"));
      out.add(v);
      at = v.previous();
    }
    Collections.reverse(out);
    return out;
  }

  static List<Hash> chainsOf(StateReader state, Hash patient) {
    List<Hash> out = new ArrayList<>();
    String prefix = CareKeys.patientChains(patient);
    state.scan(StateKeys.of(CareContract.NAME, prefix), (k, v) -> {
      out.add(Hash.fromHex(StateKeys.localKey(CareContract.NAME, k).substring(prefix.length())));
      return true;
    });
    return out;
  }

  private static long number(String v) throws ContractException {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ContractException("invalid_argument", "version must be a whole number from 1, not '" + v + "'");
    }
    if (n < 1) {
      throw new ContractException("invalid_argument", "version must be a whole number from 1, not " + n);
    }
    return n;
  }

  private static String reason(String v) throws ContractException {
    if (v.isBlank() || v.length() > MAX_REASON_CHARS || v.chars().anyMatch(Character::isISOControl)) {
      throw new ContractException("invalid_argument", "reason must be 1-" + MAX_REASON_CHARS
          + " characters of text without control characters (why this version was written)");
    }
    return v;
  }
}
