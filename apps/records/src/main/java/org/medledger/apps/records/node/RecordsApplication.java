package org.medledger.apps.records.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.medledger.apps.records.node.api.AuditGate;
import org.medledger.apps.records.node.api.PolicyPointReader;
import org.medledger.apps.records.node.api.RecordsRoutes;
import org.medledger.apps.records.node.api.RecordsFhirTypes;
import org.medledger.apps.records.node.api.WalletRoutes;
import org.medledger.apps.records.node.portal.AccessHistoryPage;
import org.medledger.apps.records.node.portal.ClinicianPatientPage;
import org.medledger.apps.records.node.portal.ClinicianPortal;
import org.medledger.apps.records.node.portal.ClinicianReadPages;
import org.medledger.apps.records.node.portal.ClinicianStorePages;
import org.medledger.apps.records.node.portal.ConsentPages;
import org.medledger.apps.records.node.portal.PatientPortal;
import org.medledger.apps.records.node.portal.PatientReceipts;
import org.medledger.apps.records.node.portal.PatientRecordsPage;
import org.medledger.apps.records.node.portal.RegulatorAuditPage;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.Contract;
import org.medledger.crypto.CryptoSuite;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.application.HealthRecordWriter;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.application.PatientMetadataVisibility;
import org.medledger.node.application.PreparationContext;
import org.medledger.node.membership.LedgerCertificateAuthenticator;

/**
 * Health records: patients (self-held or custodial keys), consent, records kept encrypted in the
 * vault, the access policy and its audit; on a node, reads through the policy point, the
 * custodial wallet with its step-up codes and two-person erasure, download links, the FHIR R4
 * façade and the patient's view. It provides the rule hiding health metadata ({@link MetadataRule})
 * from members who may not see the patient it concerns to the platform, and that patient rule
 * itself ({@link PatientMetadataVisibility}) for care's metadata; its access audit
 * ({@link AccessAudit}) names its own {@code AccessEvent}, so it is no shared service of the platform.
 */
public final class RecordsApplication implements Application {
  public static final String NAME = "records";

  private WalletFolders wallet;
  private byte[] walletKey;
  private byte[] linkKey;
  private AccessAuditor auditor;
  private RecordVault recordVault;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    Genesis genesis = chain.genesis();
    CryptoSuite suite = genesis.cryptoSuite();
    String chainId = genesis.chainId();
    return List.of(new PatientContract(suite, chainId), new ConsentContract(suite, chainId),
        new RecordContract(suite, chainId, new VaultManifestCheck(genesis), runsCredentials(genesis)
            ? org.medledger.apps.records.contract.record.RecordAuthorCheck.CREDENTIAL_IN_FORCE
            : org.medledger.apps.records.contract.record.RecordAuthorCheck.CARE_GIVER_ROLE),
        new AuditContract(suite, genesis.signingChainId(), runsCredentials(genesis)
            ? org.medledger.apps.records.contract.audit.BreakGlassCheck.CREDENTIAL_IN_FORCE
            : org.medledger.apps.records.contract.audit.BreakGlassCheck.GENESIS_CONFIRMED_CLINICIAN,
            genesis.protocolVersion()));
  }

  /**
   * The genesis switch of issue 16: a chain whose genesis does not run the credentials application
   * keeps its audit rules (and its golden replay) exactly; one that does asks the credentials
   * contract about a break-glass read, and about a record's author, once a licensing authority
   * enforces that scope.
   */
  static boolean runsCredentials(Genesis genesis) {
    return genesis.applicationsRun().stream().anyMatch(a -> "credentials".equals(a.name()));
  }

  /** Access events this node logs must reach the chain even when members fill the mempool: reads wait on them. */
  @Override
  public java.util.Set<String> validatorReservedContracts() {
    return java.util.Set.of(AuditContract.NAME);
  }

  /**
   * Moves an earlier release's wallet into this application's folder, then reads the wallet's
   * sealing key (from its file or the operator's passphrase) and the download links' key; a node
   * missing one refuses to start here, naming it. Nothing is created.
   */
  @Override
  public void prepare(PreparationContext context) throws IOException {
    // The application's folder is <data>/apps/records: the earlier release's wallet sat in <data>.
    Path nodeDataDir = context.dataDir().getParent().getParent();
    this.wallet = WalletFolders.prepare(nodeDataDir, context.dataDir());
    this.walletKey = context.secrets().walletKey(wallet.wallet(), context.operatorPassphrase());
    // Download links are signed with the API token key, so rotating it revokes both (NodeSecrets).
    this.linkKey = context.secrets().apiTokenKey();
  }

  @Override
  public void register(ApplicationContext context) throws IOException {
    if (walletKey == null) {
      throw new IllegalStateException("the records application registers only after prepare");
    }
    var ledger = context.ledger();
    var clock = context.clock();
    var identity = context.identity();
    this.auditor = new AccessAuditor(ledger, context.admission(), identity.signer(), identity.certificateId(), clock);
    var vault = context.vault();
    this.recordVault = new RecordVault(ledger, vault, context.membership(), clock);
    vault.keepDocumentsOf(recordVault);
    context.onCommit(new CustodianDuties(ledger, vault, identity.organisation(), clock));
    HealthService health = new HealthService(ledger, context.membership(), auditor, clock, identity.organisation(),
        vault::wrappedKey).countingDecisionsIn(context.accessDecisions());
    context.services().provide(MetadataRule.class, new MetadataVisibility(health, ledger.hashFunction()));
    // Care hides metadata about the same patients: it asks this rule, never a copy of it.
    context.services().provide(PatientMetadataVisibility.class,
        (state, who, patient) -> health.maySee(state, who, new org.medledger.apps.records.contract.patient.PatientId(patient)));
    AuditGate gate = new AuditGate(ledger, context.commits(), AuditGate.COMMIT_WAIT_MILLIS);
    DownloadLinks links = new DownloadLinks(linkKey, clock);
    new RecordsRoutes(ledger, health, recordVault, links,
        new LedgerCertificateAuthenticator(ledger, context.membership(), clock), gate, identity.organisation(),
        context.publicApiBase()).register(context.routes());
    RecordsFhirTypes.register(context.fhir(), ledger, health, recordVault, gate, clock);
    // Another application's reads of records (insurance: a claim's evidence) go through the same policy point.
    context.services().provide(HealthRecordReader.class, new PolicyPointReader(health, recordVault, gate));
    // Another application's records for a patient (safety: her device readings) are stored through the same vault.
    context.services().provide(HealthRecordWriter.class, (author, document, patient, resourceType, category) -> {
      var stored = recordVault.store(author, document, new org.medledger.apps.records.contract.patient.PatientId(patient),
          resourceType, category);
      return new HealthRecordWriter.Stored(stored.record(), stored.txId(), stored.height());
    });
    new WalletRoutes(ledger, new PatientWallet(wallet.wallet(), context.genesis().cryptoSuite(), walletKey),
        new StepUpCodes(wallet.stepUp(), walletKey, clock), new ErasureApprovals(clock), context.transactions(),
        identity.organisation(), clock).register(context.routes());
    PatientPortal patients = new PatientPortal(ledger, health);
    patients.register(context.ui(), new PatientRecordsPage(patients, links, context.publicApiBase()),
        new ConsentPages(patients, context.transactions(), context.genesis(), clock),
        new AccessHistoryPage(patients, context.membership()), new PatientReceipts(patients, context.membership()));
    patients.registerRegulator(context.ui(), new RegulatorAuditPage(patients, context.membership(), clock));
    ClinicianPortal clinicians = new ClinicianPortal(patients, context.membership(), clock);
    // The organisation's own identifiers for its patients: its node's alone, never the ledger's.
    LocalPatientIdentifiers locals = LocalPatientIdentifiers.in(context.dataDir());
    clinicians.register(context.ui(), new ClinicianPatientPage(clinicians, health, locals),
        new ClinicianReadPages(clinicians, health, recordVault, gate), new ClinicianStorePages(clinicians, health, recordVault, locals));
  }

  /** This node's records in its vault; set when the application registers. */
  RecordVault recordVault() {
    if (recordVault == null) {
      throw new IllegalStateException("the records application has not registered on this node");
    }
    return recordVault;
  }

  @Override
  public void stop() {
    if (auditor != null) {
      // Events already queued are still submitted: each belongs to a read someone may be waiting on.
      auditor.close();
    }
  }

  @Override
  public List<DemoChapter> demoChapters() {
    return List.of(new HealthChapter());
  }

  @Override
  public List<Object> commands() {
    // The benchmarks mount under `medledger bench` (BenchmarkCommand): bench audit, bench vault.
    return List.of(new PatientCommand(), new AuditBenchmark(), new VaultBenchmark());
  }
}
