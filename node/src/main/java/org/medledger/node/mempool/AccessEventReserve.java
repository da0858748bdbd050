package org.medledger.node.mempool;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Which transactions may use the mempool's reserved bytes: access events ({@code audit} contract)
 * and evidence of equivocation ({@code evidence}) signed by a genesis validator's node certificate. A health read is served only once its access
 * event is admitted, so without this a pool filled by members' own transactions answered every
 * read 503. A member's client cannot use the reserve: its certificate is no validator's.
 */
public final class AccessEventReserve implements Predicate<Transaction> {
  private final Set<Hash> validatorCertificates = new HashSet<>();

  public AccessEventReserve(Genesis genesis, CryptoSuite suite) {
    for (ValidatorEntry v : genesis.validators()) {
      validatorCertificates.add(CertificateId.of(suite.hash(), Pem.parseCertificate(v.nodeCertificatePem())));
    }
  }

  @Override
  public boolean test(Transaction tx) {
    // Evidence of equivocation too: a pool flooded by members must not keep it off the chain.
    return (AuditContract.NAME.equals(tx.contract()) || org.medledger.core.evidence.EvidenceContract.NAME.equals(tx.contract()))
        && validatorCertificates.contains(tx.sender());
  }
}
