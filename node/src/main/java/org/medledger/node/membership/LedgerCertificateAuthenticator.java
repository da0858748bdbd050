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
 * API logins: any certificate issued by a consortium CA with a role the genesis grants its
 * organisation, valid now and not revoked at the committed head, may ask for a token (so that it
 * can submit its own {@code membership.register}); every other use of the token needs the
 * certificate registered on the ledger, and is re-checked at every request
 * ({@link #requireStanding}).
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

  @Override
  public void requireStanding(Identity who) {
    CertificateCheck check = membership.member(ledger.state(), who.certificateId(), clock.millis());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw AuthException.unauthenticated(bad.reason().contains("not registered")
          ? bad.reason() + ": submit its membership.register first (a token of an unregistered certificate only submits transactions)"
          : bad.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) check).member();
    if (!m.organisation().equals(who.organisation()) || !m.role().wireName().equals(who.role())) {
      throw AuthException.unauthenticated("the token names " + who.role() + " of " + who.organisation()
          + " but certificate " + who.certificateId() + " is " + m.role().wireName() + " of " + m.organisation());
    }
  }
}
