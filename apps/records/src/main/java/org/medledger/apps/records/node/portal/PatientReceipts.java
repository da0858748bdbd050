package org.medledger.apps.records.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.membership.Membership;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * The receipts behind the patient's Verify buttons (docs/receipts.md, rendered as the API renders
 * them): a state receipt of her record's or consent's entry at the head, a transaction receipt of
 * the block's access event. Only her own items: another patient's reads as "none of yours".
 */
public final class PatientReceipts {
  static final String PATH = PatientPortal.ROOT + "/receipt";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PatientPortal portal;
  private final Membership membership;

  public PatientReceipts(PatientPortal portal, Membership membership) {
    this.portal = portal;
    this.membership = membership;
  }

  void register(PortalPages ui) {
    ui.download(PATH, PortalPages.Access.MEMBER, this::receipt);
  }

  private PortalDownload receipt(Context ctx, Optional<Identity> member) throws Exception {
    PatientId patient = portal.patientOf(ctx, member);
    Ledger ledger = portal.ledger;
    StateReader state = ledger.state();
    Map<String, Object> receipt;
    if (ctx.queryParam("record") != null) {
      Hash id = hash(ctx.queryParam("record"), "record");
      Optional<HealthRecordEntry> r = RecordContract.find(state, id);
      if (r.isEmpty() || !PatientContract.samePerson(state, patient, r.get().patient())) {
        throw new PortalRefusal(404, "You have no record " + id.hex() + ".");
      }
      receipt = state(StateKeys.of(RecordContract.NAME, "record/" + id.hex()));
    } else if (ctx.queryParam("consent") != null) {
      Hash id = hash(ctx.queryParam("consent"), "consent");
      Optional<ConsentRecord> c = ConsentContract.find(state, id);
      if (c.isEmpty() || !PatientContract.samePerson(state, patient, c.get().grant().patient())) {
        throw new PortalRefusal(404, "You have no consent " + id.hex() + ".");
      }
      receipt = state(StateKeys.of(ConsentContract.NAME, "consent/" + id.hex()));
    } else if (ctx.queryParam("access") != null) {
      Hash tx = hash(ctx.queryParam("access"), "access");
      AtomicBoolean hers = new AtomicBoolean();
      AuditContract.visit(state, patient, (id, e) -> hers.compareAndSet(false, id.split("-")[1].equals(tx.hex())));
      var committed = hers.get() ? ledger.transaction(tx) : Optional.<org.medledger.node.ledger.CommittedTransaction>empty();
      var proof = hers.get() ? ledger.inclusionProof(tx) : Optional.<org.medledger.node.ledger.InclusionProof>empty();
      if (committed.isEmpty() || proof.isEmpty()) {
        throw new PortalRefusal(404, "No access to your data was logged by transaction " + tx.hex() + ".");
      }
      var p = proof.get();
      byte[] sender = SenderSignature.certificateOf(membership, state, committed.get().transaction()).orElse(null);
      receipt = ReceiptDocuments.transactionReceipt(committed.get().transaction(), p.leafIndex(), p.treeSize(), p.auditPath(),
          committed.get().outcome(), p.header(), ledger.hashFunction(), sender,
          new org.medledger.node.ledger.SenderMembershipProofs(ledger).forReceipt(committed.get(), sender),
          ledger.validatorTransitions(p.header().header().height()));
    } else {
      throw new IllegalArgumentException("say which receipt: 'record', 'consent' or 'access' (a 64-hex id)");
    }
    return new PortalDownload("application/json", null, JSON.writeValueAsBytes(receipt));
  }

  private Map<String, Object> state(byte[] key) {
    Ledger ledger = portal.ledger;
    long height = ledger.height();
    var proof = ledger.stateProof(key, height).orElseThrow(() -> new PortalRefusal(404, "no block at height " + height));
    var header = ledger.signedHeader(height).orElseThrow(() -> new PortalRefusal(404, "no block at height " + height));
    return ReceiptDocuments.stateReceipt(proof, header, ledger.hashFunction(), ledger.validatorTransitions(height));
  }

  private static Hash hash(String text, String what) {
    try {
      return Hash.fromHex(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + what + "' is not an id (64 hex characters)");
    }
  }
}
