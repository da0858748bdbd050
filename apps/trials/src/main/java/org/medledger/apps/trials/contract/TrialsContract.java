package org.medledger.apps.trials.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The clinical-trial registry (issue 17, trials items 1-4). A member of the {@code sponsor} role
 * registers a trial for its own organisation as a canonical document whose hash the ledger keeps
 * with the outcome list; only that organisation's sponsors amend it (a new version with a stated
 * reason) or submit its results, which the contract compares with the outcomes in force when the
 * first participant enrolled and flags COMPare-style. A clinician (an investigator at any site) or
 * the trial's own sponsor enrols a pseudonymous participant, only into a trial whose registration
 * was committed in an earlier block. Overdue results are computed from the ledger alone.
 */
public final class TrialsContract extends DeclaredContract {
  public static final String NAME = "trials";
  public static final String REGISTER = "register";
  public static final String AMEND = "amend";
  public static final String ENROL = "enrol";
  public static final String SUBMIT_RESULTS = "submitResults";
  public static final String SUBJECT_READ = "subjectRead";
  public static final String REVEAL_PROTOCOL = "revealProtocol";
  /**
   * The largest protocol a reveal carries: its hex must fit a transaction (4 MiB) with room to
   * spare, and a SPIRIT protocol's text is far smaller (docs/trials.md, "Protocol revealed later").
   */
  public static final int MAX_PROTOCOL_BYTES = 1 << 20;
  public static final String SPONSOR_ROLE = "sponsor";
  private static final int MAX_REASON = 1_000;

  private static final Arg<String> DOCUMENT = Arg.text("document");
  private static final Arg<String> REASON = Arg.of("reason", "text", TrialsContract::checkReason);
  private static final Arg<String> TRIAL = Arg.of("trialId", "trial id", TrialsContract::checkTrialId);
  private static final Arg<Hash> PATIENT = Arg.hash("patient");
  private static final Arg<Hash> CONSENT = Arg.hash("consent");
  private static final Arg<Hash> PARTICIPANT = Arg.hash("participant");
  private static final Arg<Hash> VIEWER = Arg.hash("viewer", "the certificate id of the member who read");
  private static final Arg<Boolean> SERVED = Arg.of("outcome", "served or refused", v -> switch (v) {
    case "served" -> true;
    case "refused" -> false;
    default -> throw new ContractException("invalid_argument", "outcome must be served or refused, not '" + v + "'");
  });
  private static final Arg<byte[]> PROTOCOL = Arg.hex("protocol");
  private static final Arg<Integer> VERSION = Arg.parsed("version", "version number", Integer::parseInt);
  private static final Arg<Long> AT = Arg.parsed("at", "block time in ms", Long::parseLong);

  private final HashFunction hash;
  private final MethodTable methods;

  public TrialsContract(HashFunction hash) {
    this.hash = hash;
    this.methods = MethodTable.of(NAME)
        .tx(REGISTER, Roles.of(SPONSOR_ROLE), Weight.ONE, this::register, DOCUMENT)
        .tx(AMEND, Roles.of(SPONSOR_ROLE), Weight.ONE, this::amend, TRIAL, DOCUMENT, REASON)
        .tx(ENROL, Roles.of("clinician", SPONSOR_ROLE), Weight.ONE, this::enrol, TRIAL, PATIENT, CONSENT)
        .tx(SUBMIT_RESULTS, Roles.of(SPONSOR_ROLE), Weight.ONE, this::submitResults, TRIAL, DOCUMENT)
        .tx(SUBJECT_READ, Roles.of("node"), Weight.ONE, this::subjectRead, PARTICIPANT, VIEWER, SERVED)
        .tx(REVEAL_PROTOCOL, Roles.of(SPONSOR_ROLE), Weight.ONE, this::revealProtocol, TRIAL, PROTOCOL)
        .query("trial", this::trial, TRIAL)
        .query("version", this::version, TRIAL, VERSION)
        .query("versions", this::versions, TRIAL)
        .query("flags", this::flags, TRIAL)
        .query("overdue", this::overdue, AT)
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StateKeyForm> stateKeyForms() {
    return StateKeyForm.of("head/{trialId}", "version/{trialId}/{version}", "enrolment/{trialId}/{participant}",
        "subject/{participant}", "read/{participant}/{hash}",
        "results/{trialId}", "flag/{trialId}/{number}", "protocol/{trialId}/{hash}");
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void register(ContractContext ctx) throws ContractException {
    String text = DOCUMENT.in(ctx);
    TrialDocument doc = TrialDocument.parse(text);
    String organisation = ctx.caller().organisation();
    if (!doc.sponsor().equals(organisation)) {
      throw new ContractException("forbidden", "the document names sponsor '" + doc.sponsor() + "' but you register for '"
          + organisation + "': a sponsor registers its own organisation's trials only");
    }
    if (ctx.get(headKey(doc.trialId())) != null) {
      throw new ContractException("already_registered", "trial " + doc.trialId() + " is already registered: amend it instead");
    }
    TrialVersion v = version(ctx, doc, text, 1, "");
    ctx.put(versionKey(doc.trialId(), 1), v.encode());
    commitProtocol(ctx, doc, 1);
    ctx.put(headKey(doc.trialId()), new TrialHead(doc.trialId(), organisation, ctx.blockHeight(), 1, 0, 0, 0, 0,
        doc.resultsDue().toString()).encode());
    ctx.emit("TrialRegistered", Args.of("trialId", doc.trialId(), "version", "1", "documentHash", v.documentHash().hex()));
  }

  private void amend(ContractContext ctx) throws ContractException {
    String trialId = TRIAL.in(ctx);
    String reason = REASON.in(ctx);
    TrialHead head = ownHead(ctx, trialId, "amend");
    String text = DOCUMENT.in(ctx);
    TrialDocument doc = TrialDocument.parse(text);
    if (!doc.trialId().equals(trialId)) {
      throw new ContractException("invalid_document", "the document is for trial " + doc.trialId() + ", not " + trialId);
    }
    if (!doc.sponsor().equals(head.sponsorOrganisation())) {
      throw new ContractException("invalid_document", "an amendment cannot change the sponsor from '" + head.sponsorOrganisation()
          + "' to '" + doc.sponsor() + "'");
    }
    if (head.resultsHeight() != 0) {
      throw new ContractException("results_submitted", "trial " + trialId + " has results (height " + head.resultsHeight()
          + "): its registration can no longer be amended");
    }
    TrialVersion latest = versionOf(ctx, trialId, head.latestVersion());
    int number = head.latestVersion() + 1;
    TrialVersion v = version(ctx, doc, text, number, reason);
    if (v.documentHash().equals(latest.documentHash())) {
      throw new ContractException("no_change", "the document is identical to version " + latest.version() + " of trial " + trialId);
    }
    ctx.put(versionKey(trialId, number), v.encode());
    commitProtocol(ctx, doc, number);
    ctx.put(headKey(trialId), head.withVersion(number, doc.resultsDue().toString()).encode());
    ctx.emit("TrialAmended", Args.of("trialId", trialId, "version", Integer.toString(number), "reason", reason));
  }

  private void enrol(ContractContext ctx) throws ContractException {
    String trialId = TRIAL.in(ctx);
    Hash patient = PATIENT.in(ctx);
    Hash consentId = CONSENT.in(ctx);
    byte[] raw = ctx.get(headKey(trialId));
    if (raw == null) {
      throw new ContractException("not_registered", "trial " + trialId + " has no registration on the ledger: register it before"
          + " enrolling anyone");
    }
    TrialHead head = TrialHead.decode(raw);
    if (head.registeredHeight() >= ctx.blockHeight()) {
      throw new ContractException("not_registered", "trial " + trialId + "'s registration is in this very block: enrol once it is"
          + " committed");
    }
    if (ctx.caller().role().equals(SPONSOR_ROLE) && !ctx.caller().organisation().equals(head.sponsorOrganisation())) {
      throw new ContractException("forbidden", "trial " + trialId + " is sponsored by " + head.sponsorOrganisation()
          + ": another sponsor cannot enrol into it");
    }
    if (head.resultsHeight() != 0) {
      throw new ContractException("results_submitted", "trial " + trialId + " has submitted its results: enrolment is closed");
    }
    ResearchConsentCheck.require(ctx, trialId, head.sponsorOrganisation(), patient, consentId);
    Hash participant = Enrolment.participantId(hash, trialId, patient);
    String key = enrolmentKey(trialId, participant);
    if (ctx.get(key) != null) {
      throw new ContractException("already_enrolled", "patient " + patient.hex() + " is already enrolled in trial " + trialId
          + " (participant " + participant.hex() + ")");
    }
    TrialHead next = head.withEnrolment(ctx.blockHeight());
    ctx.put(key, new Enrolment(participant, trialId, consentId, head.latestVersion(), ctx.caller().organisation(),
        ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.put(subjectKey(participant), Enrolment.indexValue(trialId));
    ctx.put(headKey(trialId), next.encode());
    ctx.emit("ParticipantEnrolled", Args.of("trialId", trialId, "participant", participant.hex(), "version",
        Integer.toString(head.latestVersion()), "baselineVersion", Integer.toString(next.baselineVersion())));
  }

  private void submitResults(ContractContext ctx) throws ContractException {
    String trialId = TRIAL.in(ctx);
    TrialHead head = ownHead(ctx, trialId, "submit results for");
    if (head.resultsHeight() != 0) {
      throw new ContractException("results_submitted", "trial " + trialId + " already has results (height " + head.resultsHeight() + ")");
    }
    String text = DOCUMENT.in(ctx);
    ResultsDocument results = ResultsDocument.parse(text);
    if (!results.trialId().equals(trialId)) {
      throw new ContractException("invalid_document", "the results are for trial " + results.trialId() + ", not " + trialId);
    }
    List<TrialVersion> versions = versionsOf(ctx::get, trialId, head.latestVersion());
    TrialVersion latest = versions.get(versions.size() - 1);
    for (ResultsDocument.Reported r : results.reported()) {
      if (latest.outcome(r.id()).isEmpty()) {
        throw new ContractException("unknown_outcome", "outcome id '" + r.id() + "' is not registered for trial " + trialId
            + " (version " + latest.version() + " has " + String.join(", ", latest.outcomes().stream().map(RegisteredOutcome::id).toList())
            + "): amend the registration, with a reason, before reporting it");
      }
    }
    TrialVersion baseline = versions.get(head.comparisonVersion() - 1);
    List<ResultsCheck.Finding> findings = ResultsCheck.findings(hash, versions, baseline, results);
    int number = 0;
    for (ResultsCheck.Finding f : findings) {
      number++;
      ctx.put(flagKey(trialId, number), new OutcomeFlag(trialId, number, f.kind(), f.outcomeId(), f.detail(), ctx.transactionId(),
          ctx.blockHeight()).encode());
    }
    Hash documentHash = Hash.of(hash.hash(text.getBytes(StandardCharsets.UTF_8)));
    ctx.put("results/" + trialId, new org.medledger.core.codec.CanonicalWriter(96).u8(1).fixed(documentHash.unsafeBytes(), Hash.LENGTH)
        .u32(baseline.version()).u32(findings.size()).u64(ctx.blockHeight()).u64(ctx.blockTimestamp()).toByteArray());
    ctx.put(headKey(trialId), head.withResults(ctx.blockHeight()).encode());
    ctx.emit("ResultsSubmitted", Args.of("trialId", trialId, "documentHash", documentHash.hex(), "comparedWithVersion",
        Integer.toString(baseline.version()), "flags", Integer.toString(findings.size())));
  }

  /** The first version naming a protocol hash commits it; a later version naming the same one keeps that commitment. */
  private static void commitProtocol(ContractContext ctx, TrialDocument doc, int version) {
    if (doc.protocolHash().isEmpty()) {
      return;
    }
    String key = protocolKey(doc.trialId(), doc.protocolHash().get());
    if (ctx.get(key) == null) {
      ctx.put(key, ProtocolCommitment.committed(doc.trialId(), doc.protocolHash().get(), version, ctx.blockHeight()).encode());
    }
  }

  /**
   * The sponsor publishes the full protocol whose hash a committed version of its registration
   * named: the exact bytes travel in this transaction, so every node keeps them, and the ledger
   * records the reveal only if they hash to a committed protocol hash.
   */
  private void revealProtocol(ContractContext ctx) throws ContractException {
    String trialId = TRIAL.in(ctx);
    byte[] raw = ctx.get(headKey(trialId));
    if (raw == null) {
      throw new ContractException("not_registered", "trial " + trialId + " has no registration on the ledger: a protocol is revealed"
          + " only against the hash a committed registration named");
    }
    TrialHead head = TrialHead.decode(raw);
    if (!head.sponsorOrganisation().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "trial " + trialId + " is sponsored by " + head.sponsorOrganisation() + ": "
          + ctx.caller().organisation() + " cannot reveal its protocol");
    }
    byte[] protocol = PROTOCOL.in(ctx);
    if (protocol.length > MAX_PROTOCOL_BYTES) {
      throw new ContractException("protocol_too_large", "the protocol is " + protocol.length + " bytes, more than the "
          + MAX_PROTOCOL_BYTES + " a reveal carries");
    }
    List<TrialVersion> versions = versionsOf(ctx::get, trialId, head.latestVersion());
    List<String> committed = new ArrayList<>();
    for (TrialVersion v : versions) {
      v.protocolHash().ifPresent(p -> committed.add("version " + v.version() + " " + p.hex()));
    }
    if (committed.isEmpty()) {
      throw new ContractException("no_protocol_committed", "no version of trial " + trialId + " names a protocolHash: there is no"
          + " committed protocol to reveal");
    }
    Hash revealed = Hash.of(hash.hash(protocol));
    byte[] stored = ctx.get(protocolKey(trialId, revealed));
    if (stored == null) {
      throw new ContractException("protocol_mismatch", "the bytes hash to " + revealed.hex() + ", which no version of trial " + trialId
          + " committed (" + String.join("; ", committed) + "): only the exact protocol registered can be revealed");
    }
    ProtocolCommitment commitment = ProtocolCommitment.decode(stored);
    if (commitment.committedHeight() >= ctx.blockHeight()) {
      throw new ContractException("not_registered", "the registration of trial " + trialId + " naming this protocol is in this very"
          + " block: reveal it once the registration is committed");
    }
    if (commitment.revealed()) {
      throw new ContractException("already_revealed", "trial " + trialId + "'s protocol " + revealed.hex() + " was revealed at height "
          + commitment.revealHeight() + " (transaction " + commitment.revealTransaction().hex() + ")");
    }
    ctx.put(protocolKey(trialId, revealed), commitment.revealedBy(ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp(),
        protocol.length).encode());
    ctx.emit("ProtocolRevealed", Args.of("trialId", trialId, "protocolHash", revealed.hex(), "version",
        Integer.toString(commitment.firstVersion())));
  }

  /** The commitment to this protocol hash, revealed or not; empty when no version of the trial named it. */
  public static java.util.Optional<ProtocolCommitment> protocol(StateReader state, String trialId, Hash protocolHash) {
    return java.util.Optional.ofNullable(state.get(StateKeys.of(NAME, protocolKey(trialId, protocolHash))))
        .map(ProtocolCommitment::decode);
  }

  public static String protocolKey(String trialId, Hash protocolHash) {
    return "protocol/" + trialId + "/" + protocolHash.hex();
  }

  /**
   * A node logs a read of a participant's ResearchSubject it answered, served or refused, before it
   * answers: the ledger checks the participant is enrolled and the viewer a valid member.
   */
  private void subjectRead(ContractContext ctx) throws ContractException {
    Hash participant = PARTICIPANT.in(ctx);
    if (ctx.get(subjectKey(participant)) == null) {
      throw new ContractException("not_found", "nobody is enrolled as participant " + participant.hex());
    }
    Hash viewer = VIEWER.in(ctx);
    org.medledger.crypto.x509.MemberCertificate who = ctx.member(viewer).orElseThrow(() -> new ContractException(
        "unknown_viewer", "viewer " + viewer.hex() + " is not a valid member certificate at this block"));
    boolean served = SERVED.in(ctx);
    ctx.put(readKey(participant, ctx.transactionId()), new SubjectRead(ctx.transactionId(), participant, viewer, who.organisation(),
        who.role().wireName(), served, ctx.caller().organisation(), ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.emit("ResearchSubjectRead", Args.of("participant", participant.hex(), "viewer", viewer.hex(), "outcome",
        served ? "served" : "refused"));
  }

  /** Every logged read of the participant's ResearchSubject, in key order (by logging transaction id). */
  public static List<SubjectRead> readsOf(StateReader state, Hash participant) {
    List<SubjectRead> out = new ArrayList<>();
    state.scan(StateKeys.of(NAME, "read/" + participant.hex() + "/"), (k, v) -> {
      out.add(SubjectRead.decode(v));
      return true;
    });
    return out;
  }

  static String readKey(Hash participant, Hash transaction) {
    return "read/" + participant.hex() + "/" + transaction.hex();
  }

  private SortedMap<String, String> trial(StateReader state, Args args) throws ContractException {
    String trialId = TRIAL.inQuery(args);
    TrialHead head = head(state, trialId);
    TrialVersion latest = TrialVersion.decode(state.get(StateKeys.of(NAME, versionKey(trialId, head.latestVersion()))));
    SortedMap<String, String> m = new TreeMap<>();
    m.put("trialId", trialId);
    m.put("sponsor", head.sponsorOrganisation());
    m.put("registeredHeight", Long.toString(head.registeredHeight()));
    m.put("latestVersion", Integer.toString(head.latestVersion()));
    m.put("baselineVersion", Integer.toString(head.baselineVersion()));
    m.put("enrolments", Long.toString(head.enrolments()));
    m.put("firstEnrolmentHeight", Long.toString(head.firstEnrolmentHeight()));
    m.put("resultsHeight", Long.toString(head.resultsHeight()));
    m.put("resultsDue", head.resultsDue());
    m.put("primaryCompletionDate", latest.primaryCompletionDate());
    m.put("documentHash", latest.documentHash().hex());
    return m;
  }

  private SortedMap<String, String> version(StateReader state, Args args) throws ContractException {
    String trialId = TRIAL.inQuery(args);
    int number = VERSION.inQuery(args);
    TrialHead head = head(state, trialId);
    if (number < 1 || number > head.latestVersion()) {
      throw new ContractException("not_found", "trial " + trialId + " has versions 1 to " + head.latestVersion() + ", not " + number);
    }
    TrialVersion v = TrialVersion.decode(state.get(StateKeys.of(NAME, versionKey(trialId, number))));
    SortedMap<String, String> m = new TreeMap<>();
    m.put("trialId", trialId);
    m.put("version", Integer.toString(number));
    m.put("documentHash", v.documentHash().hex());
    m.put("reason", v.reason());
    m.put("height", Long.toString(v.height()));
    m.put("primaryCompletionDate", v.primaryCompletionDate());
    m.put("resultsDue", v.resultsDue());
    m.put("outcomes", Integer.toString(v.outcomes().size()));
    m.put("protocolHash", v.protocolHash().map(Hash::hex).orElse(""));
    if (v.protocolHash().isPresent()) {
      ProtocolCommitment c = protocol(state, trialId, v.protocolHash().get()).orElseThrow();
      m.put("protocolKey", protocolKey(trialId, c.protocolHash()));
      m.put("protocolRevealHeight", Long.toString(c.revealHeight()));
      m.put("protocolRevealTransaction", c.revealed() ? c.revealTransaction().hex() : "");
    }
    for (int i = 0; i < v.outcomes().size(); i++) {
      RegisteredOutcome o = v.outcomes().get(i);
      String p = "outcome." + pad(i + 1, 2) + ".";
      m.put(p + "id", o.id());
      m.put(p + "kind", o.kind());
      m.put(p + "measureHash", o.measureHash().hex());
      m.put(p + "timeFrame", o.timeFrame());
    }
    return m;
  }

  /** Every version, each with its outcome diff against the version in force at first enrolment. */
  private SortedMap<String, String> versions(StateReader state, Args args) throws ContractException {
    String trialId = TRIAL.inQuery(args);
    TrialHead head = head(state, trialId);
    List<TrialVersion> all = versionsOf(k -> state.get(StateKeys.of(NAME, k)), trialId, head.latestVersion());
    TrialVersion baseline = all.get(head.comparisonVersion() - 1);
    SortedMap<String, String> m = new TreeMap<>();
    m.put("trialId", trialId);
    m.put("versions", Integer.toString(all.size()));
    m.put("baselineVersion", Integer.toString(baseline.version()));
    m.put("baselineIs", head.baselineVersion() == 0 ? "latest (no participant enrolled yet)" : "in force at first enrolment");
    for (TrialVersion v : all) {
      String p = "version." + pad(v.version(), 4) + ".";
      m.put(p + "documentHash", v.documentHash().hex());
      m.put(p + "reason", v.reason());
      m.put(p + "height", Long.toString(v.height()));
      m.put(p + "outcomesAgainstBaseline", OutcomeDiff.between(baseline, v).describe());
    }
    return m;
  }

  private SortedMap<String, String> flags(StateReader state, Args args) throws ContractException {
    String trialId = TRIAL.inQuery(args);
    TrialHead head = head(state, trialId);
    SortedMap<String, String> m = new TreeMap<>();
    m.put("trialId", trialId);
    m.put("resultsSubmitted", Boolean.toString(head.resultsHeight() != 0));
    List<OutcomeFlag> flags = flagsOf(state, trialId);
    m.put("flags", Integer.toString(flags.size()));
    for (OutcomeFlag f : flags) {
      String p = "flag." + pad(f.number(), 4) + ".";
      m.put(p + "kind", f.kind());
      m.put(p + "outcomeId", f.outcomeId());
      m.put(p + "detail", f.detail());
      m.put(p + "key", flagKey(trialId, f.number()));
    }
    return m;
  }

  private SortedMap<String, String> overdue(StateReader state, Args args) throws ContractException {
    long at = AT.inQuery(args);
    List<OverdueTrials.Overdue> overdue = OverdueTrials.at(state, at);
    SortedMap<String, String> m = new TreeMap<>();
    m.put("asOf", OverdueTrials.dateOf(at).toString());
    m.put("overdue", Integer.toString(overdue.size()));
    for (OverdueTrials.Overdue o : overdue) {
      m.put("trial." + o.trialId() + ".resultsDue", o.resultsDue().toString());
      m.put("trial." + o.trialId() + ".sponsor", o.sponsor());
      m.put("trial." + o.trialId() + ".daysOverdue", Long.toString(o.daysOverdue()));
    }
    return m;
  }

  /** The trial's flags in number order. */
  public static List<OutcomeFlag> flagsOf(StateReader state, String trialId) {
    List<OutcomeFlag> out = new ArrayList<>();
    state.scan(StateKeys.of(NAME, "flag/" + trialId + "/"), (k, v) -> {
      out.add(OutcomeFlag.decode(v));
      return true;
    });
    return out;
  }

  private TrialVersion version(ContractContext ctx, TrialDocument doc, String text, int number, String reason) {
    Hash documentHash = Hash.of(hash.hash(text.getBytes(StandardCharsets.UTF_8)));
    return new TrialVersion(doc.trialId(), number, documentHash, reason, doc.registeredOutcomes(hash),
        doc.primaryCompletionDate().toString(), doc.resultsDue().toString(), ctx.caller().certificateId(), ctx.transactionId(),
        ctx.blockHeight(), ctx.blockTimestamp(), doc.protocolHash());
  }

  private TrialHead ownHead(ContractContext ctx, String trialId, String action) throws ContractException {
    byte[] raw = ctx.get(headKey(trialId));
    if (raw == null) {
      throw new ContractException("not_found", "trial " + trialId + " is not registered");
    }
    TrialHead head = TrialHead.decode(raw);
    if (!head.sponsorOrganisation().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "trial " + trialId + " is sponsored by " + head.sponsorOrganisation() + ": "
          + ctx.caller().organisation() + " cannot " + action + " it");
    }
    return head;
  }

  private static TrialVersion versionOf(ContractContext ctx, String trialId, int number) {
    return TrialVersion.decode(ctx.get(versionKey(trialId, number)));
  }

  private interface Reader {
    byte[] get(String key);
  }

  private static List<TrialVersion> versionsOf(Reader state, String trialId, int latest) {
    List<TrialVersion> out = new ArrayList<>(latest);
    for (int i = 1; i <= latest; i++) {
      out.add(TrialVersion.decode(state.get(versionKey(trialId, i))));
    }
    return out;
  }

  static TrialHead head(StateReader state, String trialId) throws ContractException {
    byte[] raw = state.get(StateKeys.of(NAME, headKey(trialId)));
    if (raw == null) {
      throw new ContractException("not_found", "trial " + trialId + " is not registered");
    }
    return TrialHead.decode(raw);
  }

  public static String headKey(String trialId) {
    return "head/" + trialId;
  }

  /** Zero-padded so that a scan lists versions in order. */
  public static String versionKey(String trialId, int version) {
    return "version/" + trialId + "/" + pad(version, 10);
  }

  public static String enrolmentKey(String trialId, Hash participant) {
    return "enrolment/" + trialId + "/" + participant.hex();
  }

  /** The index from a participant id to its trial: a ResearchSubject is read by participant id alone. */
  public static String subjectKey(Hash participant) {
    return "subject/" + participant.hex();
  }

  /** The enrolment of this participant id, with its trial; empty when nobody was enrolled under it. */
  public static java.util.Optional<Enrolment> enrolment(StateReader state, Hash participant) {
    byte[] trial = state.get(StateKeys.of(NAME, subjectKey(participant)));
    if (trial == null) {
      return java.util.Optional.empty();
    }
    byte[] e = state.get(StateKeys.of(NAME, enrolmentKey(new String(trial, StandardCharsets.UTF_8), participant)));
    return java.util.Optional.ofNullable(e).map(Enrolment::decode);
  }

  public static String flagKey(String trialId, int number) {
    return "flag/" + trialId + "/" + pad(number, 4);
  }

  static String pad(long n, int width) {
    StringBuilder s = new StringBuilder(Long.toString(n));
    while (s.length() < width) {
      s.insert(0, '0');
    }
    return s.toString();
  }

  private static String checkReason(String reason) throws ContractException {
    if (reason.isBlank()) {
      throw new ContractException("missing_argument", "an amendment needs a stated reason");
    }
    if (reason.length() > MAX_REASON) {
      throw new ContractException("invalid_argument", "reason is longer than " + MAX_REASON + " characters");
    }
    return reason;
  }

  private static String checkTrialId(String id) throws ContractException {
    if (!TrialDocument.TRIAL_ID.matcher(id).matches()) {
      throw new ContractException("invalid_argument", "trialId '" + id + "' must be 3-64 letters, digits, '.', '_' or '-'");
    }
    return id;
  }
}
