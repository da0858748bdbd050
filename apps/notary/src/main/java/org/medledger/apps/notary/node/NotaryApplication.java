package org.medledger.apps.notary.node;

import java.util.List;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.DemoChapter;

/**
 * The notary: members anchor a document's fingerprint (proof it existed, of a type, owned by an
 * organisation, no later than the block's time), and anyone they let read looks one up. Its
 * contract is {@link NotaryContract}; on a node it serves {@code /v1/notary/...} through {@link
 * NotaryRoutes}; in the demo it plays the first chapter, {@link NotaryDemoChapter}.
 */
public final class NotaryApplication implements Application {
  @Override
  public String name() {
    return NotaryContract.NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(new NotaryContract());
  }

  @Override
  public void register(ApplicationContext context) {
    NotaryService notary = new NotaryService(context.ledger(), context.admission(), context.commits(),
        context.identity().signer(), context.identity().certificateId(), context.clock());
    new NotaryRoutes(notary, context.ledger(), context.commits(), context.identity().organisation()).register(context.routes());
    context.routes().openApi("openapi/notary.json");
  }

  @Override
  public List<DemoChapter> demoChapters() {
    return List.of(new NotaryDemoChapter());
  }
}
