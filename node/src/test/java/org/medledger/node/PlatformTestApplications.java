package org.medledger.node;

import java.util.List;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ChainEnvironment;

/**
 * The notary's real contract as the platform tests' sample application: the node's tests anchor
 * fingerprints to exercise ordering, receipts and proofs, and node may not depend on
 * apps/notary's node part (that depends on node). Its routes, demo chapter and their tests live in
 * apps/notary. Registered from src/test/platform-services, on node's own test class path only
 * (node/pom.xml), so the applications' tests load the real one.
 */
public final class PlatformTestApplications implements Application {
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
}
