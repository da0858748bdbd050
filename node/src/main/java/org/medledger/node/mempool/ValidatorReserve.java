package org.medledger.node.mempool;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Which transactions may use the mempool's reserved bytes: those of the platform's evidence of
 * equivocation and of the contracts the chain's applications declare
 * ({@code Application.validatorReservedContracts}, e.g. records' access audit, since a health read
 * is served only once its access event is admitted), signed by a genesis validator's node
 * certificate. Without it a pool filled by members' own transactions kept these off the chain. A
 * member's client cannot use the reserve: its certificate is no validator's.
 */
public final class ValidatorReserve implements Predicate<Transaction> {
  private final Set<Hash> validatorCertificates;
  private final Set<String> contracts;

  public ValidatorReserve(Collection<Hash> validatorCertificates, Collection<String> applicationContracts) {
    this.validatorCertificates = Set.copyOf(new HashSet<>(validatorCertificates));
    TreeSet<String> all = new TreeSet<>(applicationContracts);
    // Evidence of equivocation too: a pool flooded by members must not keep it off the chain.
    all.add(EvidenceContract.NAME);
    this.contracts = java.util.Collections.unmodifiableSortedSet(all);
  }

  /** The reserve of a chain: its genesis validators' node certificates. */
  public static ValidatorReserve of(Genesis genesis, CryptoSuite suite, Collection<String> applicationContracts) {
    Set<Hash> validators = new HashSet<>();
    for (ValidatorEntry v : genesis.validators()) {
      validators.add(CertificateId.of(suite.hash(), Pem.parseCertificate(v.nodeCertificatePem())));
    }
    return new ValidatorReserve(validators, applicationContracts);
  }

  /** The contracts whose validator-signed transactions may use the reserve, the platform's included. */
  public Set<String> contracts() {
    return contracts;
  }

  @Override
  public boolean test(Transaction tx) {
    return contracts.contains(tx.contract()) && validatorCertificates.contains(tx.sender());
  }
}
