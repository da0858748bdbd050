package org.medledger.apps.safety.node.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.auth.Identity;

/**
 * Who may see the adverse-events contract's transactions and state through the platform's routes
 * (a transaction, its proof or receipt, a state receipt): they name patients, reactions and who
 * received which pack. A transaction is shown to its sender, a regulator, the patient it names, and
 * the sender's colleagues (same organisation and role: who may follow the case up). A state key
 * is shown to a regulator, and a case's keys to whoever may read the case, a patient's own keys
 * ({@code patientcase/}, {@code received/}, {@code contact/}) to her. Everything else of this
 * contract (counts, thresholds, signals, exposures) is the regulator's. Other contracts' data is
 * not this rule's to judge: {@code true}.
 */
final class AdverseEventMetadataVisibility implements MetadataRule {
  private final EventViewer viewer;
  private final org.medledger.crypto.HashFunction hash;

  AdverseEventMetadataVisibility(EventViewer viewer, org.medledger.crypto.HashFunction hash) {
    this.viewer = viewer;
    this.hash = hash;
  }

  private Optional<EventViewer.Viewer> viewerOf(StateReader state, Caller who) {
    return viewer.of(state, new Identity(who.certificateId(), who.organisation(), who.role(), who.name()));
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!AdverseEventsContract.NAME.equals(tx.contract()) || who.certificateId().equals(tx.sender())) {
      return true;
    }
    Optional<EventViewer.Viewer> v = viewerOf(state, who);
    if (v.isEmpty()) {
      return false;
    }
    if (v.get().regulator()) {
      return true;
    }
    Optional<String> patient = tx.args().get("patient").filter(p -> p.matches("[0-9a-f]{64}"));
    if (patient.isPresent() && EventViewer.isPatient(state, v.get(), patient.get())) {
      return true;
    }
    Optional<String> caseId = tx.args().get("case").filter(c -> c.matches("[0-9a-f]{64}"));
    if (caseId.isPresent()) {
      return AdverseEventQueries.caseHead(state, caseId.get()).map(h -> EventViewer.maySeeCase(state, v.get(), h)).orElse(false);
    }
    // A report names its own case (its id is the transaction's): its reporter's colleagues may follow it up.
    return AdverseEventsContract.REPORT.equals(tx.method())
        && AdverseEventQueries.caseHead(state, tx.id(hash).hex())
            .map(h -> EventViewer.maySeeCase(state, v.get(), h)).orElse(false);
  }

  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    if (!AdverseEventsContract.NAME.equals(new String(fullKey, 0, sep, StandardCharsets.UTF_8))) {
      return true;
    }
    Optional<EventViewer.Viewer> v = viewerOf(state, who);
    if (v.isEmpty()) {
      return false;
    }
    if (v.get().regulator()) {
      return true;
    }
    String key = sep + 1 <= fullKey.length ? new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8) : "";
    String[] parts = key.split("/", -1);
    if (parts.length >= 2 && parts[1].matches("[0-9a-f]{64}")) {
      switch (parts[0]) {
        case "case", "version" -> {
          return AdverseEventQueries.caseHead(state, parts[1]).map(h -> EventViewer.maySeeCase(state, v.get(), h)).orElse(false);
        }
        case "patientcase", "received", "contact" -> {
          return EventViewer.isPatient(state, v.get(), parts[1]);
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }
}
