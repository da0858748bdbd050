package org.medledger.apps.records.contract.view;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * What another application's contract may read of a patient's consent on the ledger, in plain
 * types: whose it is, whom it is for, for which purposes, and whether it is in force at a time
 * (its own period and revocation, and for a delegated consent every consent it came from). A
 * trial's enrolment asks it whether a patient consented to research ({@code HRESCH}) for the
 * trial's sponsor. Read-only, deterministic: the consent state as this block sees it.
 */
public final class ConsentView {
  private ConsentView() {}

  /** The consent as the transaction's block sees it, in force reckoned at the block's time; empty when no consent has this id. */
  public static Optional<ConsentFacts> consent(ContractContext ctx, Hash consent) {
    return consent(new ConsentState(ctx), consent, ctx.blockTimestamp());
  }

  /** The consent in committed state, in force reckoned at {@code time} (a block's time, never a wall clock in consensus). */
  public static Optional<ConsentFacts> consent(StateReader state, Hash consent, long time) {
    return ConsentContract.find(state, consent).map(c -> facts(state, c, time));
  }

  private static ConsentFacts facts(StateReader state, ConsentRecord c, long time) {
    TreeSet<String> purposes = new TreeSet<>();
    c.grant().purposes().forEach(p -> purposes.add(p.name()));
    return new ConsentFacts(c.id(), c.grant().patient().value(), c.grant().grantee().organisation(), c.grant().grantee().value(),
        purposes, c.grant().start(), c.grant().end(), c.revoked(), c.delegated(),
        ConsentContract.inForce(state, c, time));
  }

  /**
   * A consent's facts.
   *
   * @param organisationGrantee whether it is for a whole organisation (else for one certificate)
   * @param grantee the organisation's name, or the certificate id in hex
   * @param purposes HL7 PurposeOfUse codes, ascending
   * @param inForce within its period, not revoked, and every consent it was delegated from likewise, at the time asked
   */
  public record ConsentFacts(Hash id, Hash patient, boolean organisationGrantee, String grantee, SortedSet<String> purposes,
      long start, long end, boolean revoked, boolean delegated, boolean inForce) {
    /** Whether it names research ({@code HRESCH}) among its purposes. */
    public boolean forResearch() {
      return purposes.contains(PurposeOfUse.HRESCH.name());
    }

    /** Whether it is granted to this organisation as a whole. */
    public boolean grantedTo(String organisation) {
      return organisationGrantee && grantee.equals(organisation);
    }
  }

  /** Records' consent namespace as the transaction sees it, read-only; a consent lookup never scans. */
  private record ConsentState(ContractContext ctx) implements StateReader {
    @Override
    public byte[] get(byte[] key) {
      return ctx.read(ConsentContract.NAME, StateKeys.localKey(ConsentContract.NAME, key));
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      throw new UnsupportedOperationException("consent lookups never scan");
    }
  }
}
