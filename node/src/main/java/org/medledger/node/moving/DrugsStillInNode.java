package org.medledger.node.moving;

import java.util.List;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ChainEnvironment;

/**
 * The drugs application's contract while its code still lives in core and node (issue 14 moves
 * it to apps/drugs, whose DrugsApplication replaces this class): so a genesis naming "drugs" runs
 * it. Its services are still wired by MedLedgerNode until then.
 */
public final class DrugsStillInNode implements Application {
  @Override
  public String name() {
    return "drugs";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(new org.medledger.core.drugs.DrugsContract(
        new org.medledger.core.drugs.LedgerRelayedMembers(chain.membership()),
        chain.genesis().organisations().stream().map(org.medledger.core.genesis.Organisation::name)
            .collect(java.util.stream.Collectors.toSet())));
  }
}
