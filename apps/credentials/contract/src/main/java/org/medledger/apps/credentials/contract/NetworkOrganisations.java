package org.medledger.apps.credentials.contract;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;

/**
 * Whether an organisation is a member of the network at the block a transaction runs in, as every
 * validator sees it alike: the genesis's organisations, or the ledger's list once governance
 * changed it. The credentials contract asks it about a verification's custodian, which a
 * transaction signed directly (not through the custodian's own route) could otherwise name freely,
 * leaving a verification no node keeps and no node may log reads of.
 */
@FunctionalInterface
public interface NetworkOrganisations {
  /**
   * @param state other contracts' state as this transaction sees it (governance's list included)
   */
  boolean includes(StateReader state, String organisation);

  /** The chain's own answer: {@link Membership#organisations}, which is what certificates are checked against. */
  static NetworkOrganisations of(Membership membership) {
    return (state, organisation) -> membership.organisations(state).stream()
        .anyMatch(o -> o.name().equals(organisation));
  }

  /** A fixed set, as on a chain whose genesis has no governance (and in contract tests without a genesis). */
  static NetworkOrganisations named(String... organisations) {
    Set<String> names = new TreeSet<>(List.of(organisations));
    return (state, organisation) -> names.contains(organisation);
  }
}
