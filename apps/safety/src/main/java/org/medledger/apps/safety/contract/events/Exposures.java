package org.medledger.apps.safety.contract.events;

import static org.medledger.apps.safety.contract.events.EventArgs.GRANTED;
import static org.medledger.apps.safety.contract.events.EventArgs.GTIN;
import static org.medledger.apps.safety.contract.events.EventArgs.PATIENT;
import static org.medledger.apps.safety.contract.events.EventArgs.SERIAL;

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
 * Who received a lot (issue 17, item 9). Drugs' dispense event names the pharmacy, never the
 * patient; the pharmacy that dispensed a pack ties it to the patient here, indexed by lot, so
 * the patients a recall must reach are one prefix scan away. A patient says herself whether she
 * may be contacted about a recall; the regulator sees the ids of those who said yes and only a
 * count of the others, whom their pharmacies reach.
 */
final class Exposures {
  private final HashFunction hash;

  Exposures(HashFunction hash) {
    this.hash = hash;
  }

  static void recordDispensing(ContractContext ctx) throws ContractException {
    Gtin gtin = GTIN.in(ctx);
    String serial = SERIAL.in(ctx);
    Hash patient = PATIENT.in(ctx);
    DrugLots.PackFacts pack = DrugLots.pack(new OtherContractsState(ctx), gtin, serial).orElseThrow(() -> new ContractException(
        "unknown_serial", "serial " + serial + " of GTIN " + gtin + " was never commissioned on this ledger"));
    String org = ctx.caller().organisation();
    if (!pack.dispensed() || !pack.holder().equals(org)) {
      throw new ContractException("not_dispensed_by_you", "serial " + serial + " of GTIN " + gtin + " was not dispensed by " + org
          + ": only the pharmacy that dispensed a pack records who received it");
    }
    if (RecordsView.patientKey(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient.hex() + " is not registered on this ledger");
    }
    String dispensed = EventKeys.dispensedKey(gtin.value(), serial);
    if (ctx.get(dispensed) != null) {
      throw new ContractException("already_recorded", "serial " + serial + " of GTIN " + gtin + " is already recorded as received"
          + " by a patient: a pack goes to one patient");
    }
    Exposure e = new Exposure(gtin.value(), pack.lot(), serial, patient.hex(), org, ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(EventKeys.exposureKey(gtin.value(), pack.lot(), patient.hex(), serial), e.encode());
    ctx.put(dispensed, e.encode());
    ctx.put(EventKeys.receivedKey(patient.hex(), gtin.value(), serial), e.encode());
    ctx.emit("DispensingRecorded", Args.of("gtin", gtin.value(), "lot", pack.lot(), "pharmacy", org));
  }

  /** The patient herself: whether a regulator may see her id among a recalled lot's patients, to reach her. */
  void setRecallContact(ContractContext ctx) throws ContractException {
    var member = ctx.member(ctx.caller().certificateId()).orElseThrow(() -> new ContractException("forbidden",
        "the calling certificate is not a member in good standing"));
    Hash own = RecordsView.patientIdOf(hash, member.publicKey().getEncoded());
    if (RecordsView.patientKey(ctx, own).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + own.hex() + " (this certificate's key) is not registered on this ledger");
    }
    boolean granted = GRANTED.in(ctx);
    if (granted) {
      ctx.put(EventKeys.contactKey(own.hex()), new byte[] {1});
    } else {
      ctx.delete(EventKeys.contactKey(own.hex()));
    }
    ctx.emit("RecallContactSet", Args.of("granted", Boolean.toString(granted)));
  }
}
