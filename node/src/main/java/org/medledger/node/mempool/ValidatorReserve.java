package org.medledger.node.mempool;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.bft.LedgerValidatorSchedule;

/**
 * Which transactions may use the mempool's reserved bytes: those of the platform's evidence of
 * equivocation and of the contracts the chain's applications declare
 * ({@code Application.validatorReservedContracts}, e.g. records' access audit, since a health read
 * is served only once its access event is admitted), signed by the node certificate of a
 * validator in force for the next block. Without it a pool filled by members' own transactions
 * kept these off the chain. A member's client cannot use the reserve: its certificate is no
 * validator's; nor can a validator voted out, from its removal's height, while one voted in can.
 */
public final class ValidatorReserve implements Predicate<Transaction> {
  private final Predicate<Hash> isValidator;
  private final Set<String> contracts;

  /** A reserve for a fixed set of validators' node certificates. */
  public ValidatorReserve(Collection<Hash> validatorCertificates, Collection<String> applicationContracts) {
    this(Set.copyOf(new HashSet<>(validatorCertificates))::contains, applicationContracts);
  }

  private ValidatorReserve(Predicate<Hash> isValidator, Collection<String> applicationContracts) {
    this.isValidator = isValidator;
    TreeSet<String> all = new TreeSet<>(applicationContracts);
    // Evidence of equivocation too: a pool flooded by members must not keep it off the chain.
    all.add(EvidenceContract.NAME);
    this.contracts = java.util.Collections.unmodifiableSortedSet(all);
  }

  /**
   * The reserve of a node: the validators the ledger has in force at the height of the next block
   * ({@code nextHeight}, the ledger's height + 1), asked at each admission, so a set change moves
   * the reserve with the consensus engine.
   */
  public static ValidatorReserve following(LedgerValidatorSchedule schedule, LongSupplier nextHeight,
      Collection<String> applicationContracts) {
    return new ValidatorReserve(id -> schedule.idsAt(nextHeight.getAsLong()).contains(id), applicationContracts);
  }

  /** The contracts whose validator-signed transactions may use the reserve, the platform's included. */
  public Set<String> contracts() {
    return contracts;
  }

  @Override
  public boolean test(Transaction tx) {
    // The contract first: only the few reserved transactions pay for the ledger's lookup.
    return contracts.contains(tx.contract()) && isValidator.test(tx.sender());
  }
}
