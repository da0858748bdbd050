package org.medledger.crypto.x509;

import java.util.Collection;
import java.util.Set;
import org.medledger.crypto.Hash;

/**
 * What the consortium has revoked: certificates by id (the suite hash of their DER, as the ledger
 * names them) and by issuer and serial number (as a CRL names them). Either names a certificate.
 */
public record Revocations(Set<Hash> certificateIds, Set<IssuerSerial> issuerSerials) {
  public static final Revocations NONE = new Revocations(Set.of(), Set.of());

  public Revocations {
    certificateIds = Set.copyOf(certificateIds);
    issuerSerials = Set.copyOf(issuerSerials);
  }

  public static Revocations ofIds(Collection<Hash> ids) {
    return new Revocations(Set.copyOf(ids), Set.of());
  }

  public static Revocations ofIssuerSerials(Collection<IssuerSerial> issuerSerials) {
    return new Revocations(Set.of(), Set.copyOf(issuerSerials));
  }

  public boolean revokes(Hash id, IssuerSerial issuerSerial) {
    return certificateIds.contains(id) || issuerSerials.contains(issuerSerial);
  }
}
