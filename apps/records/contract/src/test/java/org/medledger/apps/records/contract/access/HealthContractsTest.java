package org.medledger.apps.records.contract.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Patients, records, consent, the policy point and the audit, run through the block executor as
 * the nodes run them: every decision the issue names (served, refused, expired, revoked, wrong
 * key, delegated, break-glass, regulator, erased) and the audit of each.
 */
class HealthContractsTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "test";
  static final long T0 = 1_800_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
  static final KeyPair PATIENT = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {2}));
  static final KeyPair STRANGER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {3}));
  static final PatientId PID = PatientId.of(SUITE.hash(), PATIENT.getPublic().getEncoded());

  static final Caller A_CLINICIAN = caller("a-clinician", "hospital-a", "clinician");
  static final Caller B_CLINICIAN = caller("b-clinician", "hospital-b", "clinician");
  static final Caller B_ADMIN = caller("b-admin", "hospital-b", "admin");
  static final Caller C_CLINICIAN = caller("c-clinician", "hospital-c", "clinician");
  static final Caller REGULATOR = caller("regulator", "health-authority", "regulator");
  static final Caller INSURER = caller("insurer", "insurer-x", "insurer");
  static final Caller NODE_A = caller("node-a", "hospital-a", "node");
  static final Caller NODE_B = caller("node-b", "hospital-b", "node");
  /** The patient's own certificate (its key is the patient's). */
  static final Caller PATIENT_USER = caller("patient-user", "hospital-a", "patient");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();

  static {
    for (Caller c : List.of(A_CLINICIAN, B_CLINICIAN, B_ADMIN, C_CLINICIAN, REGULATOR, INSURER, NODE_A, NODE_B, PATIENT_USER)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  /** A chain started at protocol version 1 (a genesis without the field), unless a test founds it later. */
  BlockExecutor executor = executorStartingAt(1);
  final InMemoryState state = new InMemoryState();
  long height = 0;
  long nonce = 0;
  final Hash lab = record("lab result");
  final Hash scan = record("ct scan");

  /** The contracts of a chain whose genesis starts it at protocol version {@code protocolVersion}. */
  static BlockExecutor executorStartingAt(int protocolVersion) {
    return new BlockExecutor(new ContractRegistry()
      .register(new PatientContract(SUITE, CHAIN)).register(new ConsentContract(SUITE, CHAIN))
      .register(new RecordContract(SUITE, CHAIN, HealthContractsTest::manifestProblem))
      .register(new AuditContract(SUITE, CHAIN,
          org.medledger.apps.records.contract.audit.BreakGlassCheck.GENESIS_CONFIRMED_CLINICIAN, protocolVersion)),
      SUITE.hash(), new CallerResolver() {
        @Override
        public Caller resolve(Transaction tx, StateReader s) throws ContractException {
          return Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "unknown"));
        }

        @Override
        public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
          return Optional.ofNullable(CALLERS.get(id)).map(c -> new MemberCertificate(c.certificateId(), c.organisation(),
              Role.parse(c.role()), c.name(), (c == PATIENT_USER ? PATIENT : SENDER).getPublic(), null));
        }
      }, ChainParameters.DEFAULTS);
  }

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  static Hash record(String s) {
    return Hash.of(SUITE.hash().hash(s.getBytes()));
  }

  TxOutcome run(Caller by, long time, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, time, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, time, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  void setUp() {
    ok(run(A_CLINICIAN, T0, "patients", "register", "publicKey", Hex.encode(PATIENT.getPublic().getEncoded()),
        "signature", careSignature(PATIENT, "hospital-a")));
    registerRecord(lab, "laboratory");
    registerRecord(scan, "imaging");
  }

  /** Stands for the vault's manifest decoder (core cannot see it): "0a…" decodes, anything else does not. */
  static Optional<String> manifestProblem(Hash record, byte[] manifest, org.medledger.core.runtime.StateReader state,
      long height) {
    return manifest[0] == 0x0a ? Optional.empty() : Optional.of("does not decode");
  }

  static String careSignature(KeyPair patient, String organisation) {
    return org.medledger.apps.records.contract.patient.CareRegistration.sign(SUITE.signatures().signer(patient), CHAIN,
        PatientId.of(SUITE.hash(), patient.getPublic().getEncoded()), organisation);
  }

  void registerRecord(Hash rh, String category) {
    ok(run(A_CLINICIAN, T0, "records", "register", "record", rh.hex(), "patient", PID.toString(),
        "resourceType", "DiagnosticReport", "category", category, "manifest", "0a0b", "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32)));
  }

  ConsentGrant grant(String grantee, Set<String> categories, PurposeOfUse purpose, long start, long end, boolean delegable, String ref) {
    return new ConsentGrant(CHAIN, PID, Grantee.parse(grantee), new TreeSet<>(categories), new TreeSet<>(), new TreeSet<>(Set.of(purpose)),
        start, end, delegable, ref);
  }

  TxOutcome submitGrant(ConsentGrant g, KeyPair signedBy) {
    byte[] bytes = g.encode();
    return run(A_CLINICIAN, T0, "consent", "grant", "grant", Hex.encode(bytes),
        "signature", Hex.encode(SUITE.signatures().signer(signedBy).sign(bytes)));
  }

  AccessDecision read(Caller who, Hash rh, PurposeOfUse purpose, long time) {
    return AccessPolicy.decide(state, new Requester(who, Optional.empty()), rh, purpose, null, time);
  }

  @Test
  void consentServesItsGranteeForItsScopePurposeAndPeriodOnly() {
    setUp();
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0).served()).isFalse();
    ConsentGrant g = grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "referral-1");
    ok(submitGrant(g, PATIENT));
    Hash id = g.id(SUITE.hash());
    AccessDecision d = read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + 1);
    assertThat(d.served()).isTrue();
    assertThat(d.basis()).isEqualTo(AccessDecision.Basis.CONSENT);
    assertThat(d.consent()).isEqualTo(id);
    assertThat(read(B_ADMIN, lab, PurposeOfUse.TREAT, T0 + 1).served())
        .as("an admin of the grantee organisation: no clinical content on her organisation's ground").isFalse();
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.HPAYMT, T0 + 1).served()).as("another purpose").isFalse();
    assertThat(read(B_CLINICIAN, scan, PurposeOfUse.TREAT, T0 + 1).served()).as("another category").isFalse();
    assertThat(read(C_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + 1).served()).as("another organisation").isFalse();
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + HOUR).served()).as("expired").isFalse();
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0 - 1).served()).as("not yet started").isFalse();
    assertThat(read(A_CLINICIAN, scan, PurposeOfUse.TREAT, T0).basis()).isEqualTo(AccessDecision.Basis.CUSTODIAN);
    assertThat(AccessPolicy.decide(state, new Requester(INSURER, Optional.of(PID)), scan, PurposeOfUse.PATRQT, null, T0).basis())
        .as("the patient's own key").isEqualTo(AccessDecision.Basis.PATIENT);
  }

  @Test
  void revocationNeedsThePatientsKeyAndEndsTheConsentFromTheNextBlock() {
    setUp();
    ConsentGrant g = grant("org:hospital-b", Set.of("all"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r1");
    ok(submitGrant(g, PATIENT));
    Hash id = g.id(SUITE.hash());
    byte[] statement = ConsentRevocation.statement(CHAIN, id);
    TxOutcome forged = run(B_CLINICIAN, T0, "consent", "revoke", "consent", id.hex(),
        "signature", Hex.encode(SUITE.signatures().signer(STRANGER).sign(statement)));
    assertThat(forged.code()).isEqualTo("invalid_signature");
    assertThat(read(B_CLINICIAN, scan, PurposeOfUse.TREAT, T0 + 5).served()).isTrue();
    ok(run(A_CLINICIAN, T0, "consent", "revoke", "consent", id.hex(),
        "signature", Hex.encode(SUITE.signatures().signer(PATIENT).sign(statement))));
    assertThat(read(B_CLINICIAN, scan, PurposeOfUse.TREAT, T0 + 5).served()).isFalse();
    assertThat(ConsentContract.find(state, id).orElseThrow().toMap(T0 + 5)).containsEntry("status", "revoked").containsEntry("revokedBy", "patient");
  }

  @Test
  void aConsentSignedByAnotherKeyOrForAnotherChainIsRejectedAndChangesNothing() {
    setUp();
    int before = state.size();
    ConsentGrant g = grant("org:hospital-b", Set.of("all"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r1");
    assertThat(submitGrant(g, STRANGER).code()).isEqualTo("invalid_signature");
    ConsentGrant other = new ConsentGrant("other-chain", PID, Grantee.parse("org:hospital-b"), new TreeSet<>(Set.of("all")),
        new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), T0, T0 + HOUR, false, "r1");
    assertThat(submitGrant(other, PATIENT).message()).contains("other-chain");
    ConsentGrant expired = grant("org:hospital-b", Set.of("all"), PurposeOfUse.TREAT, T0 - 2 * HOUR, T0 - HOUR, false, "r2");
    assertThat(submitGrant(expired, PATIENT).code()).isEqualTo("already_expired");
    // Only the sys nonce records were written.
    assertThat(state.size()).isEqualTo(before + 3);
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0).served()).isFalse();
  }

  @Test
  void aReferralHospitalDelegatesNoMoreThanItHoldsAndTheDelegationFallsWithItsParent() {
    setUp();
    ConsentGrant parent = grant("org:hospital-b", Set.of("laboratory", "imaging"), PurposeOfUse.TREAT, T0, T0 + HOUR, true, "tier-2");
    ok(submitGrant(parent, PATIENT));
    Hash pid = parent.id(SUITE.hash());
    TxOutcome tooMuch = run(B_CLINICIAN, T0, "consent", "delegate", "parent", pid.hex(), "grantee", "org:hospital-c",
        "categories", "laboratory,medication", "purposes", "TREAT", "end", Long.toString(T0 + HOUR), "reference", "to-c");
    assertThat(tooMuch.code()).isEqualTo("exceeds_parent");
    TxOutcome longer = run(B_CLINICIAN, T0, "consent", "delegate", "parent", pid.hex(), "grantee", "org:hospital-c",
        "categories", "laboratory", "purposes", "TREAT", "end", Long.toString(T0 + 2 * HOUR), "reference", "to-c");
    assertThat(longer.code()).isEqualTo("exceeds_parent");
    TxOutcome notHolder = run(C_CLINICIAN, T0, "consent", "delegate", "parent", pid.hex(), "grantee", "org:hospital-c",
        "categories", "laboratory", "purposes", "TREAT", "end", Long.toString(T0 + HOUR), "reference", "to-c");
    assertThat(notHolder.code()).isEqualTo("forbidden");
    ok(run(B_CLINICIAN, T0, "consent", "delegate", "parent", pid.hex(), "grantee", "org:hospital-c",
        "categories", "laboratory", "purposes", "TREAT", "end", Long.toString(T0 + HOUR / 2), "reference", "to-c"));
    assertThat(read(C_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + 1).served()).isTrue();
    assertThat(read(C_CLINICIAN, scan, PurposeOfUse.TREAT, T0 + 1).served()).isFalse();
    assertThat(read(C_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + HOUR / 2).served()).as("its own end").isFalse();
    ok(run(A_CLINICIAN, T0, "consent", "revoke", "consent", pid.hex(),
        "signature", Hex.encode(SUITE.signatures().signer(PATIENT).sign(ConsentRevocation.statement(CHAIN, pid)))));
    assertThat(read(C_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + 1).served()).as("parent revoked").isFalse();
  }

  @Test
  void breakGlassServesAClinicianWithAReasonAndNobodyElse() {
    setUp();
    Requester b = new Requester(B_CLINICIAN, Optional.empty());
    AccessDecision d = AccessPolicy.decide(state, b, lab, PurposeOfUse.ETREAT, "unconscious in A&E", T0);
    assertThat(d.served()).isTrue();
    assertThat(d.basis()).isEqualTo(AccessDecision.Basis.BREAK_GLASS);
    assertThat(AccessPolicy.decide(state, b, lab, PurposeOfUse.ETREAT, " ", T0).served()).isFalse();
    assertThat(AccessPolicy.decide(state, b, lab, PurposeOfUse.TREAT, "unconscious", T0).served()).isFalse();
    assertThat(AccessPolicy.decide(state, new Requester(B_ADMIN, Optional.empty()), lab, PurposeOfUse.ETREAT, "x", T0).served()).isFalse();
  }

  @Test
  void aRegulatorSeesMetadataButReadsContentOnlyUnderAConsentNamingIt() {
    setUp();
    assertThat(read(REGULATOR, lab, PurposeOfUse.PUBHLTH, T0).served()).isFalse();
    assertThat(RecordContract.find(state, lab).orElseThrow().toMap()).containsEntry("category", "laboratory")
        .containsEntry("custodian", "hospital-a");
    ok(submitGrant(grant("org:health-authority", Set.of("laboratory"), PurposeOfUse.PUBHLTH, T0, T0 + HOUR, false, "survey"), PATIENT));
    assertThat(read(REGULATOR, lab, PurposeOfUse.PUBHLTH, T0).served()).isTrue();
  }

  @Test
  void erasureOnThePatientsSignedRequestDestroysTheKeysAndKeepsTheEntries() {
    setUp();
    assertThat(RecordContract.keyCommitment(state, lab, "patient")).isPresent();
    String upTo = Long.toString(height);
    byte[] request = ErasureRequest.statement(CHAIN, PID, "hospital-a", height, "gdpr-17");
    TxOutcome forged = run(A_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "gdpr-17",
        "upToHeight", upTo, "signature", Hex.encode(SUITE.signatures().signer(STRANGER).sign(request)));
    assertThat(forged.code()).isEqualTo("invalid_signature");
    TxOutcome notCustodian = run(B_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "gdpr-17",
        "upToHeight", upTo, "signature", Hex.encode(SUITE.signatures().signer(PATIENT).sign(request)));
    assertThat(notCustodian.code()).as("the request names hospital-a").isEqualTo("invalid_signature");
    TxOutcome erased = run(A_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "gdpr-17",
        "upToHeight", upTo, "signature", Hex.encode(SUITE.signatures().signer(PATIENT).sign(request)));
    ok(erased);
    assertThat(erased.events().get(0).attributes().get("records").orElseThrow()).contains(lab.hex()).contains(scan.hex());
    assertThat(RecordContract.keyCommitment(state, lab, "patient")).isEmpty();
    assertThat(RecordContract.keyCommitment(state, lab, "org:hospital-a")).isEmpty();
    assertThat(RecordContract.find(state, lab).orElseThrow().erased()).isTrue();
    AccessDecision d = read(A_CLINICIAN, lab, PurposeOfUse.TREAT, T0);
    assertThat(d.served()).isFalse();
    assertThat(d.reason()).contains("erased");
  }

  /** Issue 22, finding 12: a custodian holding two wallet keys linked two different people. */
  @Test
  void aCustodianAloneLinksNoTwoIdsWhoseKeysItKeeps() {
    setUp();
    ok(run(A_CLINICIAN, T0, "patients", "register", "publicKey", Hex.encode(STRANGER.getPublic().getEncoded()),
        "signature", careSignature(STRANGER, "hospital-a")));
    assertThat(link(PATIENT, STRANGER).code()).isEqualTo("custodian_only");
    KeyPair own = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {4}));
    ok(run(A_CLINICIAN, T0, "patients", "register", "publicKey", Hex.encode(own.getPublic().getEncoded()), "custody", "self",
        "signature", careSignature(own, "hospital-a")));
    ok(link(PATIENT, own));
  }

  TxOutcome link(KeyPair first, KeyPair second) {
    byte[] a = first.getPublic().getEncoded();
    byte[] b = second.getPublic().getEncoded();
    byte[] statement = org.medledger.apps.records.contract.patient.PatientLink.statement(SUITE, CHAIN, a, b);
    return run(A_CLINICIAN, T0, "patients", "link", "firstKey", Hex.encode(a),
        "firstSignature", Hex.encode(SUITE.signatures().signer(first).sign(statement)), "secondKey", Hex.encode(b),
        "secondSignature", Hex.encode(SUITE.signatures().signer(second).sign(statement)));
  }

  /** Issue 22, finding 12: a consent may not run to the end of time. */
  @Test
  void aConsentRunsAtMostThePolicysLimit() {
    setUp();
    assertThat(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, Long.MAX_VALUE, false, "forever"),
        PATIENT).code()).isEqualTo("too_long");
    assertThat(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0,
        T0 + ConsentContract.MAX_CONSENT_MILLIS + 1, false, "a-ms-too-long"), PATIENT).code()).isEqualTo("too_long");
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + ConsentContract.MAX_CONSENT_MILLIS,
        false, "five-years"), PATIENT));
  }

  /** Issue 22, finding 5: the same on-chain signature, replayed later, erased records registered after it. */
  @Test
  void anErasureRequestIsSpentOnceAndNeverReachesRecordsRegisteredAfterIt() {
    setUp();
    long signedAt = height;
    String sig = Hex.encode(SUITE.signatures().signer(PATIENT).sign(ErasureRequest.statement(CHAIN, PID, "hospital-a", signedAt, "r-1")));
    ok(run(A_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "r-1", "upToHeight", Long.toString(signedAt),
        "signature", sig));
    Hash later = record("registered after the request");
    registerRecord(later, "laboratory");
    TxOutcome replay = run(A_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "r-1",
        "upToHeight", Long.toString(signedAt), "signature", sig);
    assertThat(replay.code()).isEqualTo("already_used");
    TxOutcome stretched = run(A_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "r-1",
        "upToHeight", Long.toString(height), "signature", sig);
    assertThat(stretched.code()).as("a later bound is not what she signed").isIn("already_used", "invalid_signature");
    assertThat(RecordContract.find(state, later).orElseThrow().erased()).isFalse();
    assertThat(RecordContract.keyCommitment(state, later, "patient")).isPresent();
    ok(run(B_CLINICIAN, T0, "patients", "register", "publicKey", Hex.encode(PATIENT.getPublic().getEncoded()),
        "signature", careSignature(PATIENT, "hospital-b")));
    Hash atB = record("held by hospital-b");
    ok(run(B_CLINICIAN, T0, "records", "register", "record", atB.hex(), "patient", PID.toString(), "resourceType", "Observation",
        "category", "laboratory", "manifest", "0a0b", "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32)));
    TxOutcome atOtherCustodian = run(B_CLINICIAN, T0, "records", "erase", "patient", PID.toString(), "reference", "r-1",
        "upToHeight", Long.toString(signedAt), "signature", sig);
    assertThat(atOtherCustodian.code()).as("relayed by another hospital").isEqualTo("invalid_signature");
    assertThat(RecordContract.find(state, atB).orElseThrow().erased()).isFalse();
  }

  @Test
  void theAuditKeepsEveryServedAndRefusedReadUnderThePatientAndOnlyANodeWritesIt() {
    setUp();
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r"), PATIENT));
    AccessEvent served = event(B_CLINICIAN, lab, PurposeOfUse.TREAT, null);
    AccessEvent refused = event(B_CLINICIAN, scan, PurposeOfUse.TREAT, null);
    AccessEvent glass = event(B_CLINICIAN, scan, PurposeOfUse.ETREAT, "cardiac arrest");
    String batch = Hex.encode(AccessEvent.encodeBatch(List.of(served, refused, glass)));
    assertThat(run(B_CLINICIAN, T0, "audit", "log", "events", batch).code()).isEqualTo("forbidden");
    ok(run(NODE_B, T0, "audit", "log", "events", batch));
    List<AccessEvent> mine = AuditContract.ofPatient(state, PID);
    assertThat(mine).extracting(AccessEvent::served).containsExactly(true, false, true);
    assertThat(mine.get(2).breakGlass()).isTrue();
    assertThat(mine.get(0).consent()).isNotEqualTo(Hash.ZERO);
    assertThat(mine).allSatisfy(e -> assertThat(e.witnessOrganisation()).isEqualTo("hospital-b"));
    assertThat(AuditContract.ofRecord(state, lab)).hasSize(1);
    // An event that cites a consent the patient never gave is refused.
    AccessEvent bogus = AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician", PurposeOfUse.TREAT,
        new AccessDecision(true, AccessDecision.Basis.CONSENT, record("no such consent"), "consent"), T0);
    assertThat(run(NODE_B, T0, "audit", "log", "events", Hex.encode(AccessEvent.encodeBatch(List.of(bogus)))).success()).isFalse();
    assertThat(AuditContract.ofPatient(state, PID)).hasSize(3);
  }

  /**
   * Issue 20 finding 2: a node that could log any event made the custodian share a record's key
   * with it, and wrote reads into other organisations' names. Each forged event is refused and
   * nothing is filed.
   */
  @Test
  void aNodeCannotLogForgedAccessEvents() {
    setUp();
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r"), PATIENT));
    Caller ghost = caller("insurer-clinician", "insurer-x", "clinician");
    Caller insurerNode = caller("insurer-node", "insurer-x", "node");
    CALLERS.put(insurerNode.certificateId(), insurerNode);
    AccessDecision glass = new AccessDecision(true, AccessDecision.Basis.BREAK_GLASS, Hash.ZERO, "break-glass: emergency");
    // A made-up requester (never registered) breaking the glass.
    assertThat(log(insurerNode, AccessEvent.reported(lab, PID, ghost.certificateId(), "insurer-x", "clinician",
        PurposeOfUse.ETREAT, glass, T0)).code()).isEqualTo("unknown_requester");
    // A real insurer certificate claimed as a clinician, and breaking the glass as what it is.
    assertThat(log(insurerNode, AccessEvent.reported(lab, PID, INSURER.certificateId(), "insurer-x", "clinician",
        PurposeOfUse.ETREAT, glass, T0)).message()).contains("is a insurer of insurer-x");
    assertThat(log(insurerNode, signed(AccessEvent.reported(lab, PID, INSURER.certificateId(), "insurer-x", "insurer",
        PurposeOfUse.ETREAT, glass, T0), "emergency")).message()).contains("only a clinician breaks the glass");
    // Another organisation's read, logged in its name.
    assertThat(log(insurerNode, event(B_CLINICIAN, lab, PurposeOfUse.TREAT, null)).code()).isEqualTo("forbidden");
    // hospital-b's own node: a purpose the consent does not give, a time far from the block's,
    // a custodian read by a non-custodian, a patient read without the patient's key.
    Hash treatOnly = grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r").id(SUITE.hash());
    AccessEvent wrongPurpose = signed(AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.HPAYMT, new AccessDecision(true, AccessDecision.Basis.CONSENT, treatOnly, "consent"), T0), "");
    assertThat(log(NODE_B, wrongPurpose).message()).contains("does not let hospital-b read this record for HPAYMT");
    AccessEvent stale = AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, new AccessDecision(false, AccessDecision.Basis.NONE, Hash.ZERO, "x"), T0 - HOUR);
    assertThat(log(NODE_B, stale).message()).contains("ms from the block's");
    assertThat(log(NODE_B, signed(AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, new AccessDecision(true, AccessDecision.Basis.CUSTODIAN, Hash.ZERO, "x"), T0), "")).message())
        .contains("is not of the record's custodian");
    assertThat(log(NODE_B, signed(AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, new AccessDecision(true, AccessDecision.Basis.PATIENT, Hash.ZERO, "x"), T0), "")).message())
        .contains("does not hold the patient's key");
    assertThat(AuditContract.ofPatient(state, PID)).as("nothing forged was filed").isEmpty();
    // The patient's own read through her certificate is what it says.
    ok(log(NODE_A, AccessEvent.reported(lab, PID, PATIENT_USER.certificateId(), "hospital-a", "patient",
        PurposeOfUse.PATRQT, new AccessDecision(true, AccessDecision.Basis.PATIENT, Hash.ZERO, "own"), T0)));
  }

  /**
   * Least privilege (issue 19 item 5): a hospital's admin registers and manages patients; she reads
   * no clinical content on her organisation's ground, neither as the custodian's nor under a
   * consent to her organisation. Her clinician colleague still reads; a consent naming the admin's
   * own certificate (the patient chose her) serves her.
   */
  @Test
  void anAdminReadsNoClinicalContentOnHerOrganisationsGround() {
    setUp();
    Caller aAdmin = caller("a-admin", "hospital-a", "admin");
    CALLERS.put(aAdmin.certificateId(), aAdmin);
    AccessDecision custodian = read(aAdmin, lab, PurposeOfUse.TREAT, T0);
    assertThat(custodian.served()).as("the custodian's admin").isFalse();
    assertThat(custodian.reason()).contains("an admin of hospital-a reads no clinical content");
    assertThat(read(A_CLINICIAN, lab, PurposeOfUse.TREAT, T0).basis()).as("the custodian's clinician")
        .isEqualTo(AccessDecision.Basis.CUSTODIAN);
    assertThat(AccessPolicy.decide(state, new Requester(aAdmin, Optional.empty()), lab, PurposeOfUse.ETREAT, "emergency", T0)
        .served()).as("nor does she break the glass").isFalse();
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r"), PATIENT));
    assertThat(read(B_ADMIN, lab, PurposeOfUse.TREAT, T0 + 1).served()).as("a consent to her organisation").isFalse();
    assertThat(read(B_CLINICIAN, lab, PurposeOfUse.TREAT, T0 + 1).basis()).isEqualTo(AccessDecision.Basis.CONSENT);
    ConsentGrant named = grant("cert:" + B_ADMIN.certificateId().hex(), Set.of("laboratory"), PurposeOfUse.TREAT, T0,
        T0 + HOUR, false, "her");
    ok(submitGrant(named, PATIENT));
    AccessDecision chosen = read(B_ADMIN, lab, PurposeOfUse.TREAT, T0 + 1);
    assertThat(chosen.basis()).as("a consent naming her own certificate").isEqualTo(AccessDecision.Basis.CONSENT);
    assertThat(chosen.consent()).isEqualTo(named.id(SUITE.hash()));
  }

  /**
   * The audit's side of least privilege is a consensus rule: on a chain its genesis starts at
   * protocol version 1, it binds from the height of the consortium's upgrade to protocol version
   * 2. Before it an admin's custodian or organisation-consent read logs as the releases that served
   * it logged it (a recorded history replays); from it such an event is refused, and a clinician's
   * is logged as ever.
   */
  @Test
  void theAuditRefusesAnAdminsContentReadFromTheUpgradeToProtocolVersionTwo() {
    AdminGrounds grounds = adminGrounds();
    Caller aAdmin = grounds.aAdmin();
    AccessDecision custodian = grounds.custodian();
    AccessDecision consent = grounds.consent();
    java.util.function.Supplier<AccessEvent> adminAtCustodian = () -> signed(AccessEvent.reported(lab, PID,
        aAdmin.certificateId(), "hospital-a", "admin", PurposeOfUse.TREAT, custodian, T0), "");
    java.util.function.Supplier<AccessEvent> adminUnderOrgConsent = () -> signed(AccessEvent.reported(lab, PID,
        B_ADMIN.certificateId(), "hospital-b", "admin", PurposeOfUse.TREAT, consent, T0), "");

    ok(log(NODE_A, adminAtCustodian.get()));
    ok(log(NODE_B, adminUnderOrgConsent.get()));
    long binds = height + 3;
    scheduleUpgrade(2, binds);
    ok(log(NODE_A, adminAtCustodian.get()));
    assertThat(height + 1).as("the next block is the one before the upgrade's height").isEqualTo(binds - 1);
    ok(log(NODE_B, adminUnderOrgConsent.get()));

    TxOutcome atCustodian = log(NODE_A, adminAtCustodian.get());
    assertThat(atCustodian.code()).isEqualTo("invalid_argument");
    assertThat(atCustodian.message()).contains("an admin of hospital-a reads no clinical content on the custodian ground");
    TxOutcome underConsent = log(NODE_B, adminUnderOrgConsent.get());
    assertThat(underConsent.code()).isEqualTo("invalid_argument");
    assertThat(underConsent.message()).contains("an admin of it reads no clinical content under it");
    ok(log(NODE_A, signed(AccessEvent.reported(lab, PID, A_CLINICIAN.certificateId(), "hospital-a", "clinician",
        PurposeOfUse.TREAT, custodian, T0), "")));
    ok(log(NODE_B, signed(AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, consent, T0), "")));
    assertThat(AuditContract.ofPatient(state, PID)).extracting(AccessEvent::role)
        .containsExactly("admin", "admin", "admin", "admin", "clinician", "clinician");
  }

  /**
   * A chain founded at protocol version 2 (its genesis says so, as network init writes it) is under
   * least privilege from its first block, with no vote: org-0's (hospital-a's) own admin, the
   * member who tries, reads no content on the custodian ground, nor hospital-b's under a consent to
   * her organisation; their clinicians' reads log as ever.
   */
  @Test
  void aChainItsGenesisStartsAtVersionTwoRefusesAnAdminsContentReadWithoutAnUpgrade() {
    executor = executorStartingAt(2);
    assertThat(org.medledger.core.governance.ProtocolUpgrades.versionAt(2, state, 1)).isEqualTo(2);
    AdminGrounds grounds = adminGrounds();
    Caller aAdmin = grounds.aAdmin();
    AccessDecision custodian = grounds.custodian();
    AccessDecision consent = grounds.consent();

    TxOutcome atCustodian = log(NODE_A, signed(AccessEvent.reported(lab, PID, aAdmin.certificateId(), "hospital-a", "admin",
        PurposeOfUse.TREAT, custodian, T0), ""));
    assertThat(atCustodian.code()).isEqualTo("invalid_argument");
    assertThat(atCustodian.message()).contains("an admin of hospital-a reads no clinical content on the custodian ground");
    TxOutcome underConsent = log(NODE_B, signed(AccessEvent.reported(lab, PID, B_ADMIN.certificateId(), "hospital-b", "admin",
        PurposeOfUse.TREAT, consent, T0), ""));
    assertThat(underConsent.code()).isEqualTo("invalid_argument");
    assertThat(underConsent.message()).contains("an admin of it reads no clinical content under it");
    // Another patient of hospital-b, the member who tries: a consent to her hospital is not one to her.
    Caller bPatient = caller("b-patient", "hospital-b", "patient");
    CALLERS.put(bPatient.certificateId(), bPatient);
    assertThat(AccessPolicy.decide(state, new Requester(bPatient, Optional.empty()), lab, PurposeOfUse.TREAT, null, T0)
        .served()).as("hospital-b's patient under the consent to hospital-b").isFalse();
    TxOutcome patientUnderConsent = log(NODE_B, signed(AccessEvent.reported(lab, PID, bPatient.certificateId(),
        "hospital-b", "patient", PurposeOfUse.TREAT, consent, T0), ""));
    assertThat(patientUnderConsent.code()).isEqualTo("invalid_argument");
    assertThat(patientUnderConsent.message()).contains("a patient of it reads no clinical content under it");
    ok(log(NODE_A, signed(AccessEvent.reported(lab, PID, A_CLINICIAN.certificateId(), "hospital-a", "clinician",
        PurposeOfUse.TREAT, custodian, T0), "")));
    ok(log(NODE_B, signed(AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, consent, T0), "")));
    assertThat(AccessPolicy.decide(state, new Requester(B_CLINICIAN, Optional.empty()), lab, PurposeOfUse.TREAT, null, T0)
        .basis()).isEqualTo(AccessDecision.Basis.CONSENT);
    assertThat(AuditContract.ofPatient(state, PID)).extracting(AccessEvent::role).containsExactly("clinician", "clinician");
  }

  /** Hospital-a's admin, and the two grounds an admin would read on: her custodian's, and a consent to hospital-b. */
  record AdminGrounds(Caller aAdmin, AccessDecision custodian, AccessDecision consent) {}

  /** Sets the records up, registers hospital-a's admin and commits the patient's consent to hospital-b. */
  AdminGrounds adminGrounds() {
    setUp();
    Caller aAdmin = caller("a-admin", "hospital-a", "admin");
    CALLERS.put(aAdmin.certificateId(), aAdmin);
    Hash orgConsent = grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r")
        .id(SUITE.hash());
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r"), PATIENT));
    return new AdminGrounds(aAdmin, new AccessDecision(true, AccessDecision.Basis.CUSTODIAN, Hash.ZERO, "held"),
        new AccessDecision(true, AccessDecision.Basis.CONSENT, orgConsent, "consent"));
  }

  /** A passed upgrade as the governance contract records it ({@code ProtocolUpgrades} reads it). */
  void scheduleUpgrade(int protocolVersion, long at) {
    org.medledger.core.codec.CanonicalWriter w = new org.medledger.core.codec.CanonicalWriter();
    Args.of("height", Long.toString(at), "proposal", "1", "protocolVersion", Integer.toString(protocolVersion)).writeTo(w);
    org.medledger.core.runtime.WriteSet upgrade = new org.medledger.core.runtime.WriteSet(state);
    upgrade.put(org.medledger.core.runtime.StateKeys.of("governance", "consortium/upgrade/000000000001"), w.toByteArray());
    state.apply(upgrade);
    assertThat(org.medledger.core.governance.ProtocolUpgrades.versionAt(1, state, at)).isEqualTo(protocolVersion);
    assertThat(org.medledger.core.governance.ProtocolUpgrades.versionAt(1, state, at - 1)).isEqualTo(1);
  }

  TxOutcome log(Caller node, AccessEvent e) {
    return run(node, T0, "audit", "log", "events", Hex.encode(AccessEvent.encodeBatch(List.of(e))));
  }

  @Test
  void registeringARecordForAnUnknownPatientIsRefused() {
    setUp();
    TxOutcome o = run(A_CLINICIAN, T0, "records", "register", "record", record("x").hex(), "patient", "ab".repeat(32),
        "resourceType", "Observation", "category", "vital-signs", "manifest", "0a0b", "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32));
    assertThat(o.code()).isEqualTo("unknown_patient");
    TxOutcome badType = run(A_CLINICIAN, T0, "records", "register", "record", record("x").hex(), "patient", PID.toString(),
        "resourceType", "not a type", "category", "vital-signs", "manifest", "0a0b", "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32));
    assertThat(badType.message()).contains("resourceType");
    assertThat(run(INSURER, T0, "patients", "register", "publicKey", Hex.encode(STRANGER.getPublic().getEncoded()),
        "signature", careSignature(STRANGER, "insurer-x")).code())
        .isEqualTo("forbidden");
  }

  /** Issue 22, finding 7: her key is public (any state receipt shows it); it does not put her in a hospital's care. */
  @Test
  void anotherHospitalJoinsAPatientsCareOnlyWithHerSignatureNamingIt() {
    setUp();
    String key = PatientContract.find(state, PID).orElseThrow().toMap().get("publicKey");
    assertThat(run(B_CLINICIAN, T0, "patients", "register", "publicKey", key).code()).as("no signature")
        .isEqualTo("missing_argument");
    assertThat(run(B_CLINICIAN, T0, "patients", "register", "publicKey", key, "signature", careSignature(PATIENT, "hospital-a")).code())
        .as("her signature for hospital-a, replayed by hospital-b").isEqualTo("invalid_signature");
    assertThat(run(B_CLINICIAN, T0, "patients", "register", "publicKey", key, "signature", careSignature(STRANGER, "hospital-b")).code())
        .as("signed by another key").isEqualTo("invalid_signature");
    assertThat(PatientContract.caredForBy(state, PID, "hospital-b")).isFalse();
    TxOutcome filed = run(B_CLINICIAN, T0, "records", "register", "record", record("planted").hex(), "patient", PID.toString(),
        "resourceType", "Observation", "category", "laboratory", "manifest", "0a0b", "patientKeyHash", "01".repeat(32),
        "custodianKeyHash", "02".repeat(32));
    assertThat(filed.code()).as("a hospital outside her care files nothing under her").isEqualTo("not_in_care");
    String strangerKey = Hex.encode(STRANGER.getPublic().getEncoded());
    assertThat(run(B_CLINICIAN, T0, "patients", "register", "publicKey", strangerKey, "signature", careSignature(PATIENT, "hospital-b"))
        .code()).as("a first registration proves the key").isEqualTo("invalid_signature");

    ok(run(B_CLINICIAN, T0, "patients", "register", "publicKey", key, "signature", careSignature(PATIENT, "hospital-b")));
    assertThat(PatientContract.caredForBy(state, PID, "hospital-b")).isTrue();
  }

  AccessEvent event(Caller who, Hash rh, PurposeOfUse purpose, String reason) {
    AccessDecision d = AccessPolicy.decide(state, new Requester(who, Optional.empty()), rh, purpose, reason, T0 + 1);
    return signed(AccessEvent.reported(rh, PID, who.certificateId(), who.organisation(), who.role(), purpose, d, T0 + 1),
        reason == null ? "" : reason);
  }

  static long requestNonce = 0;

  /** The event with its requester's own signed request (every member but the patient signs with SENDER here). */
  static AccessEvent signed(AccessEvent e, String reason) {
    return e.requestedBy(request(e.requester(), e.record(), e.purpose(), reason, SENDER));
  }

  static SignedReadRequest request(Hash requester, Hash rh, PurposeOfUse purpose, String reason, KeyPair key) {
    return SignedReadRequest.sign(new ReadRequest(CHAIN, requester, rh, purpose, reason, T0,
        Hash.of(SUITE.hash().hash(("nonce-" + ++requestNonce).getBytes()))), SUITE.signatures().signer(key));
  }

  /**
   * Issue 20 finding 2, what remained: a node logged a read in the name of one of its own real,
   * registered clinicians who never asked, and the custodian shared the key. The event must carry
   * her own signed request for exactly that read, once.
   */
  @Test
  void anAccessEventNeedsItsRequestersOwnSignedRequestSpentOnce() {
    setUp();
    ok(submitGrant(grant("org:hospital-b", Set.of("laboratory"), PurposeOfUse.TREAT, T0, T0 + HOUR, false, "r"), PATIENT));
    AccessDecision d = AccessPolicy.decide(state, new Requester(B_CLINICIAN, Optional.empty()), lab, PurposeOfUse.TREAT, null, T0);
    AccessEvent unsigned = AccessEvent.reported(lab, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.TREAT, d, T0);
    assertThat(log(NODE_B, unsigned).code()).as("she never asked").isEqualTo("missing_request");
    AccessDecision glass = AccessPolicy.decide(state, new Requester(B_CLINICIAN, Optional.empty()), scan, PurposeOfUse.ETREAT,
        "arrest", T0);
    AccessEvent unsignedGlass = AccessEvent.reported(scan, PID, B_CLINICIAN.certificateId(), "hospital-b", "clinician",
        PurposeOfUse.ETREAT, glass, T0);
    assertThat(log(NODE_B, unsignedGlass).code()).isEqualTo("missing_request");
    SignedReadRequest forScan = request(B_CLINICIAN.certificateId(), scan, PurposeOfUse.TREAT, "", SENDER);
    assertThat(log(NODE_B, unsigned.requestedBy(forScan)).message()).as("her request for another record")
        .contains("is for record " + scan);
    SignedReadRequest otherPurpose = request(B_CLINICIAN.certificateId(), lab, PurposeOfUse.HPAYMT, "", SENDER);
    assertThat(log(NODE_B, unsigned.requestedBy(otherPurpose)).code()).isEqualTo("invalid_request");
    assertThat(log(NODE_B, unsigned.requestedBy(request(B_CLINICIAN.certificateId(), lab, PurposeOfUse.TREAT, "", STRANGER)))
        .message()).as("signed by another key").contains("not signed by the key");
    SignedReadRequest otherChain = SignedReadRequest.sign(new ReadRequest("other-chain", B_CLINICIAN.certificateId(), lab,
        PurposeOfUse.TREAT, "", T0, record("n")), SUITE.signatures().signer(SENDER));
    assertThat(log(NODE_B, unsigned.requestedBy(otherChain)).message()).contains("for chain other-chain");
    SignedReadRequest stale = SignedReadRequest.sign(new ReadRequest(CHAIN, B_CLINICIAN.certificateId(), lab,
        PurposeOfUse.TREAT, "", T0 - HOUR, record("n2")), SUITE.signatures().signer(SENDER));
    assertThat(log(NODE_B, unsigned.requestedBy(stale)).message()).contains("more than");
    SignedReadRequest glassWithoutReason = request(B_CLINICIAN.certificateId(), scan, PurposeOfUse.ETREAT, "", SENDER);
    assertThat(log(NODE_B, unsignedGlass.requestedBy(glassWithoutReason)).message()).contains("reason the requester stated");
    assertThat(AuditContract.ofPatient(state, PID)).as("nothing filed").isEmpty();

    SignedReadRequest hers = request(B_CLINICIAN.certificateId(), lab, PurposeOfUse.TREAT, "", SENDER);
    ok(log(NODE_B, unsigned.requestedBy(hers)));
    assertThat(log(NODE_B, unsigned.requestedBy(hers)).code()).as("replayed").isEqualTo("already_used");
    assertThat(run(NODE_B, T0, "audit", "log", "events", Hex.encode(AccessEvent.encodeBatch(List.of(
        unsignedGlass.requestedBy(request(B_CLINICIAN.certificateId(), scan, PurposeOfUse.ETREAT, "arrest", SENDER)),
        unsigned.requestedBy(hers))))).code()).as("replayed inside a batch").isEqualTo("already_used");
    SignedReadRequest once = request(B_CLINICIAN.certificateId(), lab, PurposeOfUse.TREAT, "", SENDER);
    assertThat(run(NODE_B, T0, "audit", "log", "events", Hex.encode(AccessEvent.encodeBatch(List.of(
        unsigned.requestedBy(once), unsigned.requestedBy(once))))).code()).as("twice in one batch").isEqualTo("already_used");
    ok(log(NODE_B, unsignedGlass.requestedBy(request(B_CLINICIAN.certificateId(), scan, PurposeOfUse.ETREAT, "arrest", SENDER))));
    List<AccessEvent> filed = AuditContract.ofPatient(state, PID);
    assertThat(filed).hasSize(2);
    assertThat(filed.get(0).request()).contains(hers);
    assertThat(AuditContract.spent(state, hers.request())).isTrue();
  }
}
