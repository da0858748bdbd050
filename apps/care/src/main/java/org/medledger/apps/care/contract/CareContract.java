package org.medledger.apps.care.contract;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Treatment and recovery tracking across hospitals (issue 16, items 6-9; docs/care.md). The method
 * table and how a call reaches its rule; the rules live in {@link PlanVersions}, {@link Milestones}
 * and {@link TimelineViews}. {@code planVersion}: a clinician (signing herself, or through her
 * hospital's node naming her as {@code author}) appends a version of a care plan or goal whose FHIR
 * document her hospital stored as a health record, naming its predecessor. {@code milestone}: a
 * clinician of a caring hospital, or the patient for her own, records a recovery milestone.
 * {@code shareMilestone}: the patient lets one organisation read one milestone, until she takes
 * it back with {@code revokeShare} or until a block time she set. {@code
 * timelineViewed}: a node logs a look at her care before answering it.
 */
public final class CareContract extends DeclaredContract {
  public static final String NAME = "care";
  public static final String PLAN_VERSION = "planVersion";
  public static final String MILESTONE = "milestone";
  public static final String TIMELINE_VIEWED = "timelineViewed";
  public static final String SHARE_MILESTONE = "shareMilestone";
  public static final String REVOKE_SHARE = "revokeShare";

  private final PlanVersions plans;
  private final Milestones milestones;
  private final TimelineViews views = new TimelineViews();

  /** {@code authors} decides who may record care: the role today, a credential once credentials plug in. */
  public CareContract(CareAuthorCheck authors) {
    this.plans = new PlanVersions(authors);
    this.milestones = new Milestones(authors);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StateKeyForm> stateKeyForms() {
    return StateKeyForm.of("version/{hash}", "head/{hash}", "patient/{hash}/{hash}", "milestone/{hash}",
        "milestones/{hash}/{hash}", "view/{hash}/{hash}", "share/{hash}/{organisation}");
  }

  private final MethodTable methods = MethodTable.of(NAME)
      .tx(PLAN_VERSION, Roles.of("clinician", "node"), Weight.ONE, ctx -> plans().append(ctx), PlanVersions.AUTHOR.optional(),
          PlanVersions.PATIENT, PlanVersions.KIND, PlanVersions.RECORD, PlanVersions.NUMBER,
          PlanVersions.PREVIOUS.optional(), PlanVersions.REASON)
      .tx(MILESTONE, Roles.of("clinician", "node", "patient"), Weight.ONE, ctx -> milestones().record(ctx),
          PlanVersions.AUTHOR.optional(), PlanVersions.PATIENT, Milestones.TYPE, Milestones.CHAIN.optional(),
          Milestones.RECORD.optional())
      .tx(TIMELINE_VIEWED, Roles.of("node"), Weight.ONE, ctx -> views.log(ctx), PlanVersions.PATIENT, TimelineViews.VIEWER,
          TimelineViews.SERVED, TimelineViews.SHOWN.optional(), TimelineViews.ENTRIES, Milestones.ID.optional())
      .tx(SHARE_MILESTONE, Roles.of("patient"), Weight.ONE, ctx -> milestones().share(ctx), Milestones.ID, Milestones.GRANTEE,
          Milestones.UNTIL.optional())
      .tx(REVOKE_SHARE, Roles.of("patient"), Weight.ONE, ctx -> milestones().revokeShare(ctx), Milestones.ID, Milestones.GRANTEE)
      .query("version", this::version, PlanVersions.RECORD)
      .query("milestone", this::milestone, Milestones.ID)
      .query("chain", this::chain, PlanVersions.CHAIN)
      .build();

  private Milestones milestones() {
    return milestones;
  }

  /** The rules, read when a call runs (the method table is built before the constructor sets them). */
  private PlanVersions plans() {
    return plans;
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private SortedMap<String, String> version(StateReader state, Args args) throws ContractException {
    Hash record = PlanVersions.RECORD.inQuery(args);
    return find(state, record).map(PlanVersion::toMap)
        .orElseThrow(() -> new ContractException("unknown_version", "no care plan or goal version is record " + record.hex()));
  }

  private SortedMap<String, String> chain(StateReader state, Args args) throws ContractException {
    Hash chain = PlanVersions.CHAIN.inQuery(args);
    List<PlanVersion> versions = chain(state, chain);
    if (versions.isEmpty()) {
      throw new ContractException("unknown_chain", "no care plan or goal chain starts at record " + chain.hex());
    }
    SortedMap<String, String> m = new TreeMap<>(versions.get(versions.size() - 1).toMap());
    m.put("versions", String.join(",", versions.stream().map(v -> v.record().hex()).toList()));
    return m;
  }

  private SortedMap<String, String> milestone(StateReader state, Args args) throws ContractException {
    Hash id = Milestones.ID.inQuery(args);
    return Milestones.find(state, id).map(Milestone::toMap)
        .orElseThrow(() -> new ContractException("unknown_milestone", "no milestone was recorded by transaction " + id.hex()));
  }

  /** A milestone, by the transaction that recorded it. */
  public static Optional<Milestone> milestone(StateReader state, Hash id) {
    return Milestones.find(state, id);
  }

  /** The patient's milestones, oldest first. */
  public static List<Milestone> milestonesOf(StateReader state, Hash patient) {
    return Milestones.ofPatient(state, patient);
  }

  /**
   * Whether milestone {@code id} is shared with {@code organisation} at block time {@code blockTime}
   * (a reader passes the latest committed block's time, never its own clock): she shared it, has
   * not revoked it, and the share has not ended.
   */
  public static boolean sharedWith(StateReader state, Hash id, String organisation, long blockTime) {
    return Milestones.share(state, id, organisation).filter(s -> s.inForceAt(blockTime)).isPresent();
  }

  /** Her share of milestone {@code id} with {@code organisation}, in force or ended; empty when never given or revoked. */
  public static Optional<MilestoneShare> share(StateReader state, Hash id, String organisation) {
    return Milestones.share(state, id, organisation);
  }

  /** Every logged look at the patient's timeline, oldest first. */
  public static List<TimelineView> viewsOf(StateReader state, Hash patient) {
    return TimelineViews.ofPatient(state, patient);
  }

  /** The version held in record {@code record}, if one was appended. */
  public static Optional<PlanVersion> find(StateReader state, Hash record) {
    return PlanVersions.find(state, record);
  }

  /** Every version of a chain, version 1 first; empty for an unknown chain. */
  public static List<PlanVersion> chain(StateReader state, Hash chain) {
    return PlanVersions.chain(state, chain);
  }

  /** The patient's plan and goal chains (their version-1 records), in hash order. */
  public static List<Hash> chainsOf(StateReader state, Hash patient) {
    return PlanVersions.chainsOf(state, patient);
  }
}
