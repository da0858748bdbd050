package org.medledger.core.membership;

import java.security.cert.X509Certificate;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Resolves a sender at execution time, against the state the transaction runs on and at the
 * transaction's own timestamp (already bound to the block's time), so every node decides alike.
 * A certificate registering itself is its own sender.
 */
public final class LedgerCallerResolver implements CallerResolver {
  private final Membership membership;

  public LedgerCallerResolver(Membership membership) {
    this.membership = membership;
  }

  @Override
  public Caller resolve(Transaction tx, StateReader state) throws ContractException {
    CertificateCheck check = membership.member(state, tx.sender(), tx.timestamp());
    if (check instanceof CertificateCheck.Invalid && isSelfRegistration(tx)) {
      X509Certificate c = Pem.parseCertificate(tx.args().get("certificate").orElseThrow());
      check = membership.check(c, state, tx.timestamp());
    }
    if (check instanceof CertificateCheck.Invalid bad) {
      String code = bad.reason().contains("revoked") ? "revoked_sender" : "unknown_sender";
      throw new ContractException(code, "sender: " + bad.reason());
    }
    return Membership.caller(((CertificateCheck.Valid) check).member());
  }

  @Override
  public java.util.Optional<org.medledger.crypto.x509.MemberCertificate> member(
      org.medledger.crypto.Hash certificateId, StateReader state, long atMillis) {
    return membership.member(state, certificateId, atMillis) instanceof CertificateCheck.Valid v
        ? java.util.Optional.of(v.member()) : java.util.Optional.empty();
  }

  /** A membership.register whose certificate is the sender's own. */
  public boolean isSelfRegistration(Transaction tx) {
    if (!MembershipContract.NAME.equals(tx.contract()) || !"register".equals(tx.method())) {
      return false;
    }
    try {
      X509Certificate c = Pem.parseCertificate(tx.args().get("certificate").orElse(""));
      return CertificateId.of(membership.genesis().cryptoSuite().hash(), c).equals(tx.sender());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
