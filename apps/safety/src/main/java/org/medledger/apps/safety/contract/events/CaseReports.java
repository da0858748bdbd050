package org.medledger.apps.safety.contract.events;

import static org.medledger.apps.safety.contract.events.EventArgs.CASE;
import static org.medledger.apps.safety.contract.events.EventArgs.DESCRIPTION;
import static org.medledger.apps.safety.contract.events.EventArgs.GTIN;
import static org.medledger.apps.safety.contract.events.EventArgs.LOT;
import static org.medledger.apps.safety.contract.events.EventArgs.ONSET;
import static org.medledger.apps.safety.contract.events.EventArgs.OUTCOME;
import static org.medledger.apps.safety.contract.events.EventArgs.CAUSALITY;
import static org.medledger.apps.safety.contract.events.EventArgs.PATIENT;
import static org.medledger.apps.safety.contract.events.EventArgs.REACTIONS;
import static org.medledger.apps.safety.contract.events.EventArgs.SERIAL;
import static org.medledger.apps.safety.contract.events.EventArgs.SERIOUSNESS;
import static org.medledger.apps.safety.contract.events.EventArgs.UDI;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.view.DrugLots;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.OtherContractsState;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Reports and their follow-ups (issue 17, item 8). A clinician, a pharmacy's member or the
 * patient herself reports; the suspect must be on the ledger (a drug lot commissioned in drugs'
 * state, or a unit in the device registry); every version is kept. Only the reporting
 * organisation's members of the reporter's role follow a case up, or, for a case the patient
 * reported, the patient herself.
 */
final class CaseReports {
  /** Packs of a GTIN a report may visit looking for its lot before it must name one pack ({@code serial}). */
  static final int MAX_PACKS_VISITED = 10_000;
  static final int MAX_VERSIONS = 1_000;

  private final HashFunction hash;
  private final RegisteredUnits units;

  CaseReports(HashFunction hash, RegisteredUnits units) {
    this.hash = hash;
    this.units = units;
  }

  void report(ContractContext ctx) throws ContractException {
    Hash patient = PATIENT.in(ctx);
    if (RecordsView.patientKey(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient.hex() + " is not registered on this ledger");
    }
    if ("patient".equals(ctx.caller().role())) {
      Hash own = ownPatientId(ctx);
      if (!RecordsView.samePerson(ctx, own, patient)) {
        throw new ContractException("forbidden", "a patient reports her own adverse events only: this certificate is patient "
            + own.hex() + ", not " + patient.hex());
      }
    }
    Suspect suspect = suspect(ctx);
    String caseId = ctx.transactionId().hex();
    CaseVersion first = version(ctx, 1);
    CaseHead head = new CaseHead(caseId, patient.hex(), suspect, ctx.caller().organisation(), ctx.caller().role(),
        ctx.caller().certificateId().hex(), ctx.blockHeight(), ctx.blockTimestamp(), 1);
    ctx.put(EventKeys.caseKey(caseId), head.encode());
    ctx.put(EventKeys.versionKey(caseId, 1), first.encode());
    ctx.put(EventKeys.patientCaseKey(patient.hex(), caseId), new byte[] {1});
    if (suspect instanceof Suspect.DrugLot d) {
      ctx.put(EventKeys.lotCasePrefix(d.gtin(), d.lot()) + caseId, new byte[] {1});
    }
    ctx.emit("AdverseEventReported", Args.of("case", caseId, "version", "1", "kind", suspect.countKind(), "subject",
        suspect.countSubject(), "patientReported", Boolean.toString(head.patientReported())));
    Signals.count(ctx, suspect, caseId);
  }

  void followUp(ContractContext ctx) throws ContractException {
    String caseId = CASE.in(ctx).hex();
    byte[] raw = ctx.get(EventKeys.caseKey(caseId));
    if (raw == null) {
      throw new ContractException("unknown_case", "no adverse-event case " + caseId + " on this ledger");
    }
    CaseHead head = CaseHead.decode(raw);
    if (head.patientReported()) {
      if (!"patient".equals(ctx.caller().role()) || !RecordsView.samePerson(ctx, ownPatientId(ctx), Hash.fromHex(head.patient()))) {
        throw new ContractException("forbidden", "case " + caseId + " was reported by the patient: only she follows it up");
      }
    } else if (!ctx.caller().organisation().equals(head.reporterOrganisation()) || !ctx.caller().role().equals(head.reporterRole())) {
      throw new ContractException("forbidden", "case " + caseId + " was reported by a " + head.reporterRole() + " of "
          + head.reporterOrganisation() + ": only its " + head.reporterRole() + "s follow it up (the caller is a "
          + ctx.caller().role() + " of " + ctx.caller().organisation() + ")");
    }
    if (head.versions() >= MAX_VERSIONS) {
      throw new ContractException("too_many_versions", "case " + caseId + " has " + MAX_VERSIONS + " versions");
    }
    CaseVersion latest = CaseVersion.decode(ctx.get(EventKeys.versionKey(caseId, head.versions())));
    int number = head.versions() + 1;
    CaseVersion next = version(ctx, number);
    if (sameClinicalPicture(latest, next)) {
      throw new ContractException("no_change", "the follow-up says what version " + latest.version() + " of case " + caseId
          + " says: nothing to add");
    }
    ctx.put(EventKeys.versionKey(caseId, number), next.encode());
    ctx.put(EventKeys.caseKey(caseId), head.withVersions(number).encode());
    ctx.emit("AdverseEventFollowedUp", Args.of("case", caseId, "version", Integer.toString(number)));
  }

  private static boolean sameClinicalPicture(CaseVersion a, CaseVersion b) {
    return a.reactions().equals(b.reactions()) && a.description().equals(b.description()) && a.seriousness() == b.seriousness()
        && a.outcome() == b.outcome() && a.causality().equals(b.causality()) && a.onset().equals(b.onset());
  }

  /** The patient id the calling patient's certificate key stands for, confirmed by the ledger's membership. */
  private Hash ownPatientId(ContractContext ctx) throws ContractException {
    var member = ctx.member(ctx.caller().certificateId()).orElseThrow(() -> new ContractException("forbidden",
        "the calling certificate is not a member in good standing"));
    return RecordsView.patientIdOf(hash, member.publicKey().getEncoded());
  }

  private CaseVersion version(ContractContext ctx, int number) throws ContractException {
    LocalDate onset = ONSET.in(ctx);
    LocalDate today = Instant.ofEpochMilli(ctx.blockTimestamp()).atZone(ZoneOffset.UTC).toLocalDate();
    if (onset.isAfter(today)) {
      throw new ContractException("invalid_argument", "onset: " + onset + " is after the block's date, " + today);
    }
    return new CaseVersion(number, REACTIONS.in(ctx), DESCRIPTION.ifGiven(ctx).orElse(""), SERIOUSNESS.in(ctx), OUTCOME.in(ctx),
        CAUSALITY.ifGiven(ctx), onset.toString(), ctx.caller().certificateId().hex(), ctx.caller().organisation(), ctx.blockHeight(),
        ctx.blockTimestamp(), ctx.transactionId().hex());
  }

  /** Exactly one suspect, on the ledger: a drug lot (GTIN and lot, and a serial if known) or a device unit (UDI). */
  private Suspect suspect(ContractContext ctx) throws ContractException {
    boolean drug = GTIN.given(ctx) || LOT.given(ctx);
    boolean device = UDI.given(ctx);
    if (drug == device) {
      throw new ContractException("invalid_argument", "name the suspect: a drug by gtin and lot, or a device by udi (one of the two)");
    }
    if (device) {
      String udi = UDI.in(ctx);
      return units.unit(ctx, udi).orElseThrow(() -> new ContractException("unknown_device",
          "no device unit with UDI " + udi + " is registered on this ledger"));
    }
    Gtin gtin = GTIN.in(ctx);
    String lot = LOT.in(ctx);
    var state = new OtherContractsState(ctx);
    if (SERIAL.given(ctx)) {
      String serial = SERIAL.in(ctx);
      DrugLots.PackFacts pack = DrugLots.pack(state, gtin, serial).orElseThrow(() -> new ContractException("unknown_lot",
          "serial " + serial + " of GTIN " + gtin + " was never commissioned on this ledger"));
      if (!pack.lot().equals(lot)) {
        throw new ContractException("unknown_lot", "serial " + serial + " of GTIN " + gtin + " is of lot " + pack.lot() + ", not " + lot);
      }
      return new Suspect.DrugLot(gtin.value(), lot, serial);
    }
    switch (DrugLots.lot(state, gtin, lot, MAX_PACKS_VISITED)) {
      case FOUND -> {
        return new Suspect.DrugLot(gtin.value(), lot, "");
      }
      case ABSENT -> throw new ContractException("unknown_lot", "lot " + lot + " of GTIN " + gtin + " was never commissioned on this ledger");
      default -> throw new ContractException("lot_not_found_yet", "no pack of lot " + lot + " among the first " + MAX_PACKS_VISITED
          + " packs of GTIN " + gtin + ": name one pack of the lot (serial) and the lot is checked in one read");
    }
  }
}
