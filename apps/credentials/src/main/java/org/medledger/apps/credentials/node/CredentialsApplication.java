package org.medledger.apps.credentials.node;

import java.util.List;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.NetworkOrganisations;
import org.medledger.apps.credentials.node.fhir.CredentialFhirTypes;
import org.medledger.apps.credentials.node.ui.CredentialsPortal;
import org.medledger.core.runtime.Contract;
import org.medledger.node.api.SubmissionReplies;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.MetadataRule;

/**
 * Clinician credentials (issue 16, docs/credentials.md): a licensing authority (a member of an
 * organisation the genesis lets hold the {@code regulator} role) issues clinicians W3C VC 2.0
 * credentials with a Data Integrity proof ({@code org.medledger.apps.credentials.vc}); the ledger
 * keeps each one's hash and status ({@link CredentialsContract}); anyone checks one offline
 * ({@code org.medledger.apps.credentials.verify}); once a scope is enforced, records' break-glass
 * and insurance's claims check it at the block that commits them.
 */
public final class CredentialsApplication implements Application {
  @Override
  public String name() {
    return CredentialsContract.NAME;
  }

  /**
   * 2: the primary-source verifications (record, consent, reuse, policy, erasure) and the custodian
   * check changed the contract after version 1 (docs/applications.md, "Contract versions").
   */
  @Override
  public int version() {
    return 2;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(new CredentialsContract(NetworkOrganisations.of(chain.membership())));
  }

  @Override
  public void register(ApplicationContext context) {
    new CredentialRoutes(context.genesis(), context.membership(), context.ledger(), context.admission(),
        new SubmissionReplies(context.ledger(), context.commits()), context.clock()).register(context.routes());
    VerificationStore verifications = new VerificationStore(context.dataDir().resolve("verifications"),
        context.ledger().hashFunction());
    VerificationReads reads = new VerificationReads(context.ledger(), context.transactions(), verifications,
        context.clock(), context.identity().organisation());
    new VerificationRoutes(context.ledger(), context.admission(), context.commits(), verifications, reads,
        context.identity().organisation()).register(context.routes());
    CredentialFhirTypes.register(context.fhir(), context.ledger(), context.clock(), reads);
    context.services().provide(MetadataRule.class,
        new VerificationMetadataVisibility(context.ledger().hashFunction()));
    new CredentialsPortal(context.ledger(), context.genesis(), context.membership(), context.clock())
        .register(context.ui(), context.routes(), context.admission(), context.commits());
  }

  /** The board licenses, enforces and suspends; a credential's QR text is checked offline (README, the demo). */
  @Override
  public List<org.medledger.node.application.DemoChapter> demoChapters() {
    return List.of(new CredentialsDemoChapter());
  }

  @Override
  public List<Object> commands() {
    return List.of(new CredentialCommand());
  }
}
