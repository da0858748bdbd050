package org.medledger.apps.care.node;

import java.util.List;
import org.medledger.apps.care.contract.CareAuthorCheck;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.node.fhir.CareFhirTypes;
import org.medledger.apps.care.node.ui.CarePortal;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ApplicationServices;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.application.PatientMetadataVisibility;

/**
 * Treatment and recovery tracking across hospitals (issue 16, items 6-9; docs/care.md): its
 * contract is {@link CareContract}, whose clinicians are checked by {@link
 * CareAuthorCheck#CREDENTIALED}: the role, and a {@code record-care} credential once enforced.
 * Its metadata is hidden through the platform's routes by {@link CareMetadataVisibility}. Its FHIR
 * resources ({@code CarePlan}, {@code Goal}, {@code EpisodeOfCare}) are {@link CareFhirTypes}.
 */
public final class CareApplication implements Application {
  private ApplicationServices services;
  private CareMetadataVisibility metadata;

  @Override
  public String name() {
    return CareContract.NAME;
  }

  /**
   * 2: the record-care credential gate and the milestone share's revocation and end time changed
   * the contract after version 1 (docs/applications.md, "Contract versions").
   */
  @Override
  public int version() {
    return 2;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(new CareContract(CareAuthorCheck.CREDENTIALED));
  }

  /** {@code medledger care timeline|milestone|share|plan}. */
  @Override
  public List<Object> commands() {
    return List.of(new CareCommand());
  }

  /** Patient-1's recovery plan, goal and milestones, one shared with her insurer (README, the demo). */
  @Override
  public List<org.medledger.node.application.DemoChapter> demoChapters() {
    return List.of(new CareDemoChapter());
  }

  @Override
  public void register(ApplicationContext context) {
    CareTimeline timeline = new CareTimeline(context.membership(), context.ledger().hashFunction());
    new CareRoutes(context.ledger(), context.admission(), context.commits(), context.transactions(), timeline, context.clock(),
        context.identity().organisation()).register(context.routes());
    ApplicationServices found = context.services();
    // Records registers after care (name order): its reader is looked up when a document is read.
    CareFhirTypes.register(context.fhir(), context.ledger(), () -> found.find(HealthRecordReader.class), timeline,
        new CareLooks(context.transactions()), context.clock());
    context.routes().openApi("openapi/care.json");
    new CarePortal(context.ledger(), context.membership(), context.transactions(), timeline, context.clock())
        .register(context.ui());
    this.services = context.services();
    this.metadata = new CareMetadataVisibility(context.ledger().hashFunction(),
        () -> context.ledger().headSignedHeader().header().timestamp());
    services.provide(MetadataRule.class, metadata);
  }

  /** Records registers after care (name order): its patient rule is found once every application has registered. */
  @Override
  public void start() {
    if (services != null) {
      services.find(PatientMetadataVisibility.class).ifPresent(metadata::askPatientsOf);
    }
  }
}
