package org.medledger.apps.drugs.node;

import java.time.Clock;
import java.util.Set;
import org.medledger.core.membership.Membership;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * The role a drug page acts on: the one the ledger registered for the member's certificate, valid
 * now under the genesis's organisations, never the session's or the certificate's word alone (a
 * certificate revoked since sign-in, or one the ledger never registered, does nothing here).
 */
final class LedgerRoles {
  private final Ledger ledger;
  private final Membership membership;
  private final Clock clock;

  LedgerRoles(Ledger ledger, Membership membership, Clock clock) {
    this.ledger = ledger;
    this.membership = membership;
    this.clock = clock;
  }

  /**
   * The member as the ledger holds it now, if its role is one of {@code roles}; else a 403 naming
   * what the page is for and what the certificate is.
   */
  MemberCertificate require(Identity who, Set<String> roles, String pageIsFor) {
    CertificateCheck check = membership.member(ledger.state(), who.certificateId(), clock.millis());
    if (check instanceof CertificateCheck.Valid v && roles.contains(v.member().role().wireName())) {
      return v.member();
    }
    throw new PortalRefusal(403, pageIsFor + ": your certificate (" + who.name() + ", " + who.role() + " of "
        + who.organisation() + ") is not one the ledger holds in that role.");
  }
}
