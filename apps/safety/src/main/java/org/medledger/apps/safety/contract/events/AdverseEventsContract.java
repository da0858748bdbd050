package org.medledger.apps.safety.contract.events;

import static org.medledger.apps.safety.contract.events.EventArgs.CASE;
import static org.medledger.apps.safety.contract.events.EventArgs.DESCRIPTION;
import static org.medledger.apps.safety.contract.events.EventArgs.GRANTED;
import static org.medledger.apps.safety.contract.events.EventArgs.GTIN;
import static org.medledger.apps.safety.contract.events.EventArgs.KIND;
import static org.medledger.apps.safety.contract.events.EventArgs.LOT;
import static org.medledger.apps.safety.contract.events.EventArgs.MODEL;
import static org.medledger.apps.safety.contract.events.EventArgs.ONSET;
import static org.medledger.apps.safety.contract.events.EventArgs.OUTCOME;
import static org.medledger.apps.safety.contract.events.EventArgs.CAUSALITY;
import static org.medledger.apps.safety.contract.events.EventArgs.PATIENT;
import static org.medledger.apps.safety.contract.events.EventArgs.REACTIONS;
import static org.medledger.apps.safety.contract.events.EventArgs.REPORTS;
import static org.medledger.apps.safety.contract.events.EventArgs.SERIAL;
import static org.medledger.apps.safety.contract.events.EventArgs.SERIOUSNESS;
import static org.medledger.apps.safety.contract.events.EventArgs.UDI;

import java.util.List;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.Weight;
import org.medledger.crypto.HashFunction;

/**
 * Adverse-event reports, from signal to recall (issue 17, items 8 and 9; docs/safety.md,
 * "Adverse events"). A clinician, a pharmacy's member or the patient herself {@code report}s an
 * event against a drug lot on the ledger or a registered device unit; the reporting side
 * {@code followUp}s it with new versions, none overwritten ({@link CaseReports}). Each report
 * counts against its lot or model; a regulator's {@code setThreshold} makes a count that reaches
 * it raise a signal ({@link Signals}). The pharmacy that dispensed a pack records who received it
 * ({@code recordDispensing}), and a patient says whether she may be reached about a recall
 * ({@code setRecallContact}) ({@link Exposures}). The recall itself is drugs' {@code recall}.
 *
 * <p>Roles are the runtime's check of the certificate against the genesis and the ledger's
 * membership, never the certificate's word alone: an insurer cannot report; rules after that
 * bind a patient to her own id and a follow-up to the case's reporter.
 */
public final class AdverseEventsContract extends DeclaredContract {
  public static final String NAME = "adverseEvents";
  public static final String REPORT = "report";
  public static final String FOLLOW_UP = "followUp";
  public static final String SET_THRESHOLD = "setThreshold";
  public static final String RECORD_DISPENSING = "recordDispensing";
  public static final String SET_RECALL_CONTACT = "setRecallContact";
  static final Roles REPORTERS = Roles.of("clinician", "pharmacy", "patient");

  private final MethodTable methods;

  /**
   * @param hash the chain's hash function: a patient's id is the hash of her key
   * @param units the device registry, for reports naming a device ({@link RegisteredUnits#NONE} on a chain without it)
   */
  public AdverseEventsContract(HashFunction hash, RegisteredUnits units) {
    CaseReports cases = new CaseReports(hash, units);
    Exposures exposures = new Exposures(hash);
    this.methods = MethodTable.of(NAME)
        .tx(REPORT, REPORTERS, Weight.ONE, cases::report, PATIENT, REACTIONS, DESCRIPTION.optional(), SERIOUSNESS, OUTCOME,
            CAUSALITY.optional(), ONSET, GTIN.optional(), LOT.optional(), SERIAL.optional(), UDI.optional())
        .tx(FOLLOW_UP, REPORTERS, Weight.ONE, cases::followUp, CASE, REACTIONS, DESCRIPTION.optional(), SERIOUSNESS, OUTCOME,
            CAUSALITY.optional(), ONSET)
        .tx(SET_THRESHOLD, Roles.of("regulator"), Weight.ONE, Signals::setThreshold, KIND, GTIN.optional(), LOT.optional(),
            MODEL.optional(), REPORTS)
        .tx(RECORD_DISPENSING, Roles.of("pharmacy"), Weight.ONE, Exposures::recordDispensing, GTIN, SERIAL, PATIENT)
        .tx(SET_RECALL_CONTACT, Roles.of("patient"), Weight.ONE, exposures::setRecallContact, GRANTED)
        .unknownQuery("adverseEvents is read through AdverseEventQueries, behind the API's checks of who may see which patient")
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StateKeyForm> stateKeyForms() {
    return EventKeys.FORMS;
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }
}
