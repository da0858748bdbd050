package org.medledger.apps.records.contract.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.NetworkOrganisations;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * Issue 16 item 4 for storing a record as its author, through the real executor with the real
 * credentials contract and {@link RecordAuthorCheck#CREDENTIAL_IN_FORCE} (what the records
 * application passes on a chain whose genesis runs credentials): before a licensing authority
 * enforces {@code author-records} anyone the role admits stores as before; after it, only an author
 * with that scope in force, whether she sends {@code records.register} herself or her hospital's
 * node names her; a node cannot borrow a suspended clinician's name, another hospital's
 * clinician's, or file under its admin's.
 */
class CredentialedRecordAuthorsTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "records-credentials-test";
  static final long DAY = 86_400_000L;
  static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {21}));
  static final KeyPair PATIENT = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {22}));
  static final PatientId PID = PatientId.of(SUITE.hash(), PATIENT.getPublic().getEncoded());

  final Map<Hash, Caller> members = new TreeMap<>();
  final Caller drWang = member("dr-wang", "hospital-a", "clinician");
  final Caller drChen = member("dr-chen", "hospital-a", "clinician");
  final Caller drLi = member("dr-li", "hospital-a", "clinician");
  final Caller adminA = member("admin-a", "hospital-a", "admin");
  final Caller nodeA = member("node-a", "hospital-a", "node");
  final Caller drOfB = member("dr-b", "hospital-b", "clinician");
  final Caller board = member("registrar", "medical-board", "regulator");
  final Hash stranger = Hash.of(SUITE.hash().hash("never registered".getBytes()));

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
      .register(new CredentialsContract(NetworkOrganisations.named("hospital-a", "hospital-b", "medical-board")))
      .register(new RecordContract(SUITE, CHAIN, (record, manifest, state, height) -> Optional.empty(),
          RecordAuthorCheck.CREDENTIAL_IN_FORCE)),
      SUITE.hash(), new CallerResolver() {
        @Override
        public Caller resolve(Transaction tx, StateReader s) throws ContractException {
          return Optional.ofNullable(members.get(tx.sender()))
              .orElseThrow(() -> new ContractException("unknown_sender", "unknown"));
        }

        @Override
        public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
          return Optional.ofNullable(members.get(id)).map(c -> new MemberCertificate(c.certificateId(), c.organisation(),
              Role.parse(c.role()), c.name(), null, null));
        }
      }, ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long height;
  long nonce;
  long now = 1_800_000_000_000L;
  int records;

  Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    members.put(c.certificateId(), c);
    return c;
  }

  TxOutcome run(Caller by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, now, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, now, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  /** {@code by} registers a new record of the patient, naming {@code author} when it is a node. */
  TxOutcome store(Caller by, Caller author) {
    return store(by, author.certificateId());
  }

  TxOutcome store(Caller by, Hash author) {
    Hash record = Hash.of(SUITE.hash().hash(("record " + ++records).getBytes()));
    List<String> args = new ArrayList<>(List.of("record", record.hex(), "patient", PID.toString(), "resourceType",
        "DiagnosticReport", "category", "laboratory", "manifest", "0a0b", "patientKeyHash", "01".repeat(32),
        "custodianKeyHash", "02".repeat(32)));
    if (by.role().equals("node")) {
      args.addAll(List.of("author", author.hex()));
    }
    return run(by, RecordContract.NAME, "register", args.toArray(String[]::new));
  }

  TxOutcome license(Caller clinician, String licence, String scopes, long validUntil) {
    return run(board, "credentials", "issue", "licence", licence, "holder", clinician.certificateId().hex(), "profession",
        "Physician", "scopes", scopes, "validFrom", Long.toString(now - DAY), "validUntil", Long.toString(validUntil),
        "document", "ab".repeat(32));
  }

  TxOutcome change(String method, String licence) {
    return run(board, "credentials", method, "issuer", "medical-board", "licence", licence, "reason", "board decision");
  }

  /** Every key and value of the records contract's state, for "nothing changed" checks. */
  List<String> records() {
    List<String> out = new ArrayList<>();
    state.scan(StateKeys.of(RecordContract.NAME, ""), (k, v) -> out.add(Hex.encode(k) + "=" + Hex.encode(v)));
    return out;
  }

  void registerPatient() {
    ok(run(drWang, PatientContract.NAME, "register", "publicKey", Hex.encode(PATIENT.getPublic().getEncoded()), "signature",
        CareRegistration.sign(SUITE.signatures().signer(PATIENT), CHAIN, PID, "hospital-a")));
  }

  @Test
  void onceAuthorRecordsIsEnforcedOnlyAnAuthorWithThatScopeInForceStoresARecord() {
    registerPatient();
    ok(store(drWang, drWang));
    ok(store(nodeA, adminA));
    ok(store(adminA, adminA));
    assertThat(store(nodeA, drOfB).success()).as("not enforced yet: the rules of before, unchanged").isTrue();

    ok(license(drWang, "MB-1", "author-records,break-glass", now + 365 * DAY));
    ok(license(drChen, "MB-2", "prescribe", now + 365 * DAY));
    ok(license(drOfB, "MB-3", "author-records", now + 365 * DAY));
    ok(license(drLi, "MB-4", "author-records", now + DAY));
    ok(run(board, "credentials", "enforce", "scope", "author-records"));

    ok(store(drWang, drWang));
    ok(store(nodeA, drWang));
    ok(store(nodeA, drLi));

    List<String> before = records();
    TxOutcome lacking = store(nodeA, drChen);
    assertThat(lacking.code()).isEqualTo("credential_lacks_scope");
    assertThat(lacking.message()).contains("dr-chen of hospital-a may not author-records", "medical-board licence MB-2");
    TxOutcome admin = store(nodeA, adminA);
    assertThat(admin.code()).as("a hospital admin holds no licence").isEqualTo("credential_required");
    assertThat(admin.message()).contains("admin-a of hospital-a holds no credential", "author-records");
    assertThat(store(adminA, adminA).code()).as("sending it herself").isEqualTo("credential_required");
    TxOutcome foreign = store(nodeA, drOfB);
    assertThat(foreign.code()).as("a licensed clinician of another hospital").isEqualTo("forbidden");
    assertThat(foreign.message()).contains("dr-b is of hospital-b", "the node of hospital-a");
    assertThat(store(nodeA, stranger).code()).isEqualTo("unknown_author");
    assertThat(records()).as("nothing of records changed").isEqualTo(before);

    ok(change("suspend", "MB-1"));
    TxOutcome suspended = store(nodeA, drWang);
    assertThat(suspended.code()).as("the node storing under a suspended clinician's name").isEqualTo("credential_suspended");
    assertThat(suspended.message()).contains("dr-wang of hospital-a may not author-records", "medical-board licence MB-1");
    assertThat(store(drWang, drWang).code()).as("nor she herself").isEqualTo("credential_suspended");
    ok(change("reinstate", "MB-1"));
    ok(store(nodeA, drWang));
    ok(change("revoke", "MB-1"));
    assertThat(store(nodeA, drWang).code()).isEqualTo("credential_revoked");

    now += 2 * DAY;
    assertThat(store(nodeA, drLi).code()).as("expired by the block's time, with nobody committing anything")
        .isEqualTo("credential_expired");
    // One store went through since (after reinstatement): its entry, index and two key commitments.
    assertThat(records()).as("no refused store wrote anything").hasSize(before.size() + 4);
  }
}
