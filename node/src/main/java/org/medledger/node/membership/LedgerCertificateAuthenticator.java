package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.time.Clock;
import org.medledger.core.membership.Membership;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.auth.AuthException;
import org.medledger.node.auth.CertificateAuthenticator;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * API logins: any certificate issued by a consortium CA, valid now and not revoked at the
 * committed head, may ask for a token. It need not be registered on the ledger to read.
 */
public final class LedgerCertificateAuthenticator implements CertificateAuthenticator {
  private final Ledger ledger;
  private final Membership membership;
  private final Clock clock;

  public LedgerCertificateAuthenticator(Ledger ledger, Membership membership, Clock clock) {
    this.ledger = ledger;
    this.membership = membership;
    this.clock = clock;
  }

  @Override
  public Authenticated authenticate(String certificatePem) {
    X509Certificate c;
    try {
      c = Pem.parseCertificate(certificatePem);
    } catch (IllegalArgumentException e) {
      throw AuthException.unauthenticated("certificate: " + e.getMessage());
    }
    CertificateCheck check = membership.check(c, ledger.state(), clock.millis());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw AuthException.unauthenticated(bad.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) check).member();
    return new Authenticated(new Identity(m.id(), m.organisation(), m.role().wireName(), m.name()),
        ledger.genesis().cryptoSuite().signatures().verifier(m.publicKey()));
  }
}
