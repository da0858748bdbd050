package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Caller;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.admission.SenderDirectory;
import org.medledger.node.ledger.Ledger;

/**
 * Senders at the committed head, with each certificate's prepared verifier cached (preparing a
 * key is far dearer than one verification). Revocation is read fresh every time.
 */
public final class LedgerSenderDirectory implements SenderDirectory {
  private final Ledger ledger;
  private final Membership membership;
  private final LedgerCallerResolver resolver;
  private final ConcurrentHashMap<Hash, Verifier> verifiers = new ConcurrentHashMap<>();

  public LedgerSenderDirectory(Ledger ledger, Membership membership) {
    this.ledger = ledger;
    this.membership = membership;
    this.resolver = new LedgerCallerResolver(membership);
  }

  @Override
  public Optional<Sender> sender(Transaction tx) {
    CertificateCheck check = membership.member(ledger.state(), tx.sender(), tx.timestamp());
    if (check instanceof CertificateCheck.Invalid && resolver.isSelfRegistration(tx)) {
      X509Certificate c = Pem.parseCertificate(tx.args().get("certificate").orElseThrow());
      check = membership.check(c, ledger.state(), tx.timestamp());
    }
    if (check instanceof CertificateCheck.Invalid bad) {
      if (bad.reason().contains("revoked")) {
        return Optional.of(new Sender(new Caller(tx.sender(), "", "", ""), (m, s) -> false, true));
      }
      return Optional.empty();
    }
    MemberCertificate m = ((CertificateCheck.Valid) check).member();
    Verifier v = verifiers.computeIfAbsent(m.id(),
        id -> ledger.genesis().cryptoSuite().signatures().verifier(m.publicKey()));
    return Optional.of(new Sender(new Caller(m.id(), m.organisation(), m.role().wireName(), m.name()), v, false));
  }
}
