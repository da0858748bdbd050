package org.medledger.apps.trials.node;

import java.util.List;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;

/**
 * The clinical-trial registry (issue 17, docs/trials.md): its contract {@link TrialsContract}
 * runs on a chain whose genesis lists {@code trials}; a genesis that does not list it never
 * loads it.
 */
public final class TrialsApplication implements Application {
  @Override
  public String name() {
    return TrialsContract.NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(new TrialsContract(chain.genesis().cryptoSuite().hash()));
  }

  @Override
  public void register(ApplicationContext context) {
    org.medledger.crypto.HashFunction hash = context.ledger().genesis().cryptoSuite().hash();
    TrialRegistryView view = new TrialRegistryView(new TrialsContract(hash), hash);
    new TrialRoutes(context.ledger(), view).register(context.routes());
    new TrialSubmissionRoutes(context.ledger(), context.admission(), context.commits()).register(context.routes());
    var ledger = context.ledger();
    context.fhir().add("ResearchStudy", new org.medledger.apps.trials.node.fhir.ResearchStudies(view, ledger::state,
        id -> ledger.transaction(id).map(c -> c.transaction())));
    context.routes().openApi("openapi/trials.json");
  }

  @Override
  public List<Object> commands() {
    return List.of(new TrialsCommand());
  }
}
