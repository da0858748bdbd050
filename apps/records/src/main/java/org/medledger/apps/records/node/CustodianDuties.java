package org.medledger.apps.records.node;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.access.AccessPolicy;
import org.medledger.apps.records.contract.access.Requester;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequestCheck;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.block.Block;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.Event;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.vault.VaultService;

/**
 * What this node's vault owes for health records once a block commits: erased records' shards and
 * keys destroyed here, and, for the records it is the custodian of, their data keys wrapped for a
 * member organisation's node that a new consent names or whose member's read (under consent or by
 * breaking the glass) is now on the ledger. The custodian decides each again on its own ledger.
 */
final class CustodianDuties implements CommitListener {
  private final Ledger ledger;
  private final VaultService vault;
  private final CryptoSuite suite;
  private final String signingChainId;
  private final String organisation;
  private final Clock clock;

  CustodianDuties(Ledger ledger, VaultService vault, String organisation, Clock clock) {
    this.ledger = ledger;
    this.vault = vault;
    this.suite = ledger.genesis().cryptoSuite();
    this.signingChainId = ledger.genesis().signingChainId();
    this.organisation = organisation;
    this.clock = clock;
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    for (int i = 0; i < outcomes.size(); i++) {
      Transaction t = block.transactions().get(i);
      if (outcomes.get(i).success() && t.contract().equals(AuditContract.NAME)) {
        List<AccessEvent> events;
        try {
          events = AccessEvent.decodeBatch(Hex.decode(t.args().get("events").orElse("")), AuditContract.MAX_EVENTS_PER_TRANSACTION);
        } catch (RuntimeException e) {
          continue;
        }
        events.forEach(this::keyForRead);
      }
    }
    for (TxOutcome o : outcomes) {
      for (Event e : o.events()) {
        if (e.contract().equals(RecordContract.NAME) && e.type().equals("RecordsErased")) {
          List<Hash> records = new ArrayList<>();
          for (String r : e.attributes().get("records").orElse("").split(",")) {
            if (!r.isEmpty()) {
              records.add(Hash.fromHex(r));
            }
          }
          vault.eraseLater(records);
        } else if (e.contract().equals(ConsentContract.NAME)
            && (e.type().equals("ConsentGranted") || e.type().equals("ConsentDelegated"))) {
          keysForConsent(Hash.fromHex(e.attributes().get("consent").orElseThrow()));
        }
      }
    }
  }

  /**
   * The custodian wraps the key at first access: a read served elsewhere under consent or by
   * breaking the glass, now on the ledger, gets the key wrapped for the reader's node.
   */
  private void keyForRead(AccessEvent ev) {
    if (!ev.served() || ev.organisation().equals(organisation)
        || (ev.basis() != AccessDecision.Basis.CONSENT && ev.basis() != AccessDecision.Basis.BREAK_GLASS)
        || !askedByTheReader(ev)) {
      return;
    }
    // The custodian decides again on its own ledger, not on the reporting node's word.
    AccessDecision again = AccessPolicy.decide(ledger.state(), new Requester(
        new Caller(ev.requester(), ev.organisation(), ev.role(), ""), Optional.empty()),
        ev.record(), ev.purpose(), ev.basis() == AccessDecision.Basis.BREAK_GLASS
            ? ev.reason().replaceFirst("^break-glass: ", "") : null, clock.millis());
    if (again.served()) {
      vault.shareKeysLater(ev.organisation(), () -> List.of(ev.record()));
    }
  }

  /**
   * Whether a served event carries its requester's own signed request for that read, checked here
   * against her certificate on this node's ledger (issue 20 finding 2): a node's word that one of
   * its members read is not enough to get a record's key.
   */
  private boolean askedByTheReader(AccessEvent ev) {
    if (ev.request().isEmpty()) {
      return false;
    }
    byte[] der = ledger.state().get(StateKeys.of(MembershipContract.NAME, Membership.certificateKey(ev.requester())));
    if (der == null) {
      return false;
    }
    try {
      PublicKey key = Pem.parseCertificate(der).getPublicKey();
      // the audit contract held the request's time to the block's; here it is held to the event's
      return ReadRequestCheck.problem(suite, signingChainId, ev, ev.request().get(), key, ev.time()).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** As custodian, wraps the data keys a new consent covers for the grantee organisation's node. */
  private void keysForConsent(Hash consentId) {
    Optional<ConsentRecord> c = ConsentContract.find(ledger.state(), consentId)
        .filter(r -> r.grant().grantee().organisation() && !r.grant().grantee().value().equals(organisation));
    if (c.isEmpty()) {
      return;
    }
    vault.shareKeysLater(c.get().grant().grantee().value(), () -> {
      List<Hash> covered = new ArrayList<>();
      for (HealthRecordEntry r : RecordContract.ofPatient(ledger.state(), c.get().grant().patient())) {
        if (c.get().grant().covers(r.category(), r.recordHash())) {
          covered.add(r.recordHash());
        }
      }
      return covered;
    });
  }
}
