package org.medledger.node.moving;

import java.util.List;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ChainEnvironment;

/**
 * records: not yet an application (issue 14). The health-records application's contracts while its code still lives in core and node (issue
 * 14 moves it to apps/records, whose RecordsApplication replaces this class): so a genesis naming
 * "records" runs them. Its services are still wired by MedLedgerNode until then.
 */
public final class RecordsStillInNode implements Application {
  @Override
  public String name() {
    return "records";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    var genesis = chain.genesis();
    var suite = genesis.cryptoSuite();
    return List.of(new org.medledger.core.patient.PatientContract(suite, genesis.chainId()),
        new org.medledger.core.consent.ConsentContract(suite, genesis.chainId()),
        new org.medledger.core.record.RecordContract(suite, genesis.chainId(),
            new org.medledger.node.vault.VaultManifestCheck(genesis)),
        new org.medledger.core.audit.AuditContract(suite, genesis.signingChainId()));
  }
}
