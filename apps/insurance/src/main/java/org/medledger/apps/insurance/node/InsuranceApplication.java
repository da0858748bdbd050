package org.medledger.apps.insurance.node;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.insurance.contract.ClaimantCheck;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.apps.insurance.node.fhir.InsuranceFhirTypes;
import org.medledger.apps.insurance.node.portal.InsurancePortal;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.application.PreparationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Insurance (issue 15): the insurance contract (products, policies, claims adjudicated by rule,
 * payments, the paid-line index across insurers), the network's line-hash salt and the REST
 * routes under {@code /v1/insurance/} ({@link InsuranceRoutes}), a claim's evidence read through
 * health records' policy point ({@link ClaimEvidenceRoute}), the FHIR R4 resources (Coverage,
 * Claim, ClaimResponse, ExplanationOfBenefit, PaymentReconciliation: {@link InsuranceFhirTypes})
 * the portal's insurer, hospital and patient pages ({@link InsurancePortal}) and the CLI.
 */
public final class InsuranceApplication implements Application {
  private static final Logger LOG = LoggerFactory.getLogger(InsuranceApplication.class);
  private LineHashSalt salt;

  @Override
  public String name() {
    return InsuranceContract.NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    Genesis genesis = chain.genesis();
    return List.of(new InsuranceContract(genesis.cryptoSuite(), genesis.signingChainId(),
        genesis.applicationsRun().stream().anyMatch(a -> "credentials".equals(a.name()))
            ? ClaimantCheck.CREDENTIAL_IN_FORCE : ClaimantCheck.GENESIS_CONFIRMED_CLINICIAN));
  }

  /** One salt for every validator, so every member computes the same hash for the same service. */
  @Override
  public Map<String, byte[]> newNetworkSecrets() {
    return Map.of(LineHashSalt.FILE, LineHashSalt.newSalt());
  }

  @Override
  public void prepare(PreparationContext context) throws IOException {
    Optional<byte[]> s = context.secrets().find(LineHashSalt.FILE,
        "copy it from another validator's data folder (network init writes the same one to each)");
    if (s.isPresent()) {
      salt = new LineHashSalt(s.get(), context.genesis().cryptoSuite().hash());
    } else {
      LOG.warn("insurance claim lines cannot be hashed or checked on this node: secrets/{} is missing (network init"
          + " writes the same one for every validator)", LineHashSalt.FILE);
    }
  }

  @Override
  public void register(ApplicationContext context) {
    String organisation = context.identity().organisation();
    var nodeTransactions = context.transactions();
    var ledger = context.ledger();
    var access = new InsuranceAccess(context.membership(), context.genesis().cryptoSuite().hash());
    // Health records registers after insurance (name order): its reader is found when a read asks for it.
    var services = context.services();
    var evidence = new ClaimEvidenceRoute(ledger, access, () -> services.find(HealthRecordReader.class));
    java.util.function.Supplier<Optional<ClaimBilling>> billing =
        () -> lineHashSalt().map(s -> new ClaimBilling(s, nodeTransactions, organisation));
    new InsuranceRoutes(ledger, context.admission(), context.commits(), billing, access, organisation, context.clock(),
        evidence)
        .register(context.routes());
    InsuranceFhirTypes.register(context.fhir(), ledger, access, context.clock());
    new InsurancePortal(ledger, access, context.clock(), context.genesis(), context.membership())
        .register(context.ui(), context.admission(), context.commits(), billing);
  }

  @Override
  public List<org.medledger.node.application.DemoChapter> demoChapters() {
    return List.of(new InsuranceDemoChapter());
  }

  /** The EOB receipt, which {@code medledger verify} checks offline. */
  @Override
  public List<org.medledger.node.application.ReceiptKind> receiptKinds() {
    return List.of(new EobReceiptVerifier());
  }

  @Override
  public List<Object> commands() {
    return List.of(new InsuranceBenchmark(), new InsuranceCommand());
  }

  /** The network's salt once prepared, when this node has it. */
  public Optional<LineHashSalt> lineHashSalt() {
    return Optional.ofNullable(salt);
  }
}
