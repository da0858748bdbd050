package org.medledger.apps.records.contract.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * {@code patients.register} with her encryption key (issue 23, finding 6): kept only when her
 * signing key certified it, for her, on this chain, and it is not the signing key itself; set
 * once, so no later registration by another hospital swaps it.
 */
class PatientEncryptionKeyTest {
  static final String CHAIN = "enc-test";
  static final long T0 = 1_800_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private CryptoSuite suite;
  private KeyPair sender;
  private InMemoryState state;
  private BlockExecutor executor;
  private long height;
  private long nonce;
  private final Caller hospitalA = caller("a-clinician", "hospital-a");
  private final Caller hospitalB = caller("b-clinician", "hospital-b");
  private final Caller hospitalC = caller("c-clinician", "hospital-c");

  private void start(String id) {
    suite = CryptoSuites.byId(id);
    sender = suite.signatures().generateKeyPair(random);
    state = new InMemoryState();
    Map<Hash, Caller> callers = new TreeMap<>(Map.of(hospitalA.certificateId(), hospitalA, hospitalB.certificateId(), hospitalB,
        hospitalC.certificateId(), hospitalC));
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(suite, CHAIN)), suite.hash(),
        new CallerResolver() {
          @Override
          public Caller resolve(Transaction tx, StateReader s) throws ContractException {
            return Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?"));
          }

          @Override
          public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
            return Optional.ofNullable(callers.get(id)).map(c -> new MemberCertificate(c.certificateId(), c.organisation(),
                Role.parse(c.role()), c.name(), sender.getPublic(), null));
          }
        }, ChainParameters.DEFAULTS);
  }

  private static Caller caller(String name, String org) {
    return new Caller(Hash.of(CryptoSuites.intl().hash().hash(name.getBytes())), org, "clinician", name);
  }

  private TxOutcome register(Caller by, KeyPair patient, String... extra) {
    PatientId pid = PatientId.of(suite.hash(), patient.getPublic().getEncoded());
    List<String> args = new java.util.ArrayList<>(List.of("publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        CareRegistration.sign(suite.signatures().signer(patient), CHAIN, pid, by.organisation())));
    args.addAll(List.of(extra));
    Transaction tx = new Transaction.Payload(suite.id(), CHAIN, by.certificateId(), ++nonce, T0, "patients", "register",
        Args.of(args.toArray(String[]::new))).sign(suite.signatures().signer(sender));
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  private String certificate(Signer by, String chain, String holder, PublicKey key) {
    return Hex.encode(EncryptionKeyCertificate.issue(suite, by, chain, holder, key).encode());
  }

  private static String holder(KeyPair patient, CryptoSuite suite) {
    return EncryptionKeyCertificate.patientHolder(PatientId.of(suite.hash(), patient.getPublic().getEncoded()).toString());
  }

  private Optional<PatientRecord> find(KeyPair patient) {
    return PatientContract.find(state, PatientId.of(suite.hash(), patient.getPublic().getEncoded()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void herEncryptionKeyCertifiedByHerSigningKeyIsKeptWithHerRecord(String id) {
    start(id);
    KeyPair patient = suite.signatures().generateKeyPair(random);
    KeyPair encryption = suite.generateEncryptionKeyPair(random);
    String cert = PatientEncryptionKey.certificate(suite, suite.signatures().signer(patient), CHAIN, encryption.getPublic());
    TxOutcome o = register(hospitalA, patient, "encryptionKeyCertificate", cert);
    assertThat(o.success()).as(o.message()).isTrue();
    PatientRecord p = find(patient).orElseThrow();
    assertThat(p.encryptionKeyCertificate()).hasValue(EncryptionKeyCertificate.decode(Hex.decode(cert)));
    assertThat(PatientRecord.decode(p.encode())).usingRecursiveComparison().isEqualTo(p);
    assertThat(p.toMap()).containsEntry("encryptionKeyCertificate", cert);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aHospitalCannotGiveHerAnEncryptionKeyHerSigningKeyDidNotCertify(String id) {
    start(id);
    KeyPair patient = suite.signatures().generateKeyPair(random);
    KeyPair hospitalKey = suite.signatures().generateKeyPair(random);
    PublicKey hospitalsOwn = suite.generateEncryptionKeyPair(random).getPublic();
    // The registering hospital certifies an encryption key of its own under her name, to read what is wrapped for her.
    TxOutcome forged = register(hospitalA, patient, "encryptionKeyCertificate",
        certificate(suite.signatures().signer(hospitalKey), CHAIN, holder(patient, suite), hospitalsOwn));
    assertThat(forged.code()).isEqualTo("uncertified_key");
    assertThat(forged.message()).contains("not signed by its signing key");
    assertThat(find(patient)).isEmpty();

    Signer hers = suite.signatures().signer(patient);
    PublicKey enc = suite.generateEncryptionKeyPair(random).getPublic();
    KeyPair other = suite.signatures().generateKeyPair(random);
    assertThat(register(hospitalA, patient, "encryptionKeyCertificate", certificate(hers, CHAIN, holder(other, suite), enc)).message())
        .as("certified for another patient").contains("names 'patient:");
    assertThat(register(hospitalA, patient, "encryptionKeyCertificate", certificate(hers, "other-chain", holder(patient, suite), enc))
        .message()).as("for another chain").contains("chain 'other-chain'");
    byte[] spki = patient.getPublic().getEncoded();
    String selfCertified = Hex.encode(new EncryptionKeyCertificate(CHAIN, holder(patient, suite), id, spki,
        hers.sign(EncryptionKeyCertificate.statement(CHAIN, holder(patient, suite), id, spki))).encode());
    assertThat(register(hospitalA, patient, "encryptionKeyCertificate", selfCertified).message())
        .as("her signing key offered as her encryption key").contains("is its signing key");
    assertThat(register(hospitalA, patient, "encryptionKeyCertificate", "00ff").code()).isEqualTo("uncertified_key");
    assertThat(find(patient)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void herEncryptionKeyIsSetOnceAndASecondHospitalCannotSwapIt(String id) {
    start(id);
    KeyPair patient = suite.signatures().generateKeyPair(random);
    Signer hers = suite.signatures().signer(patient);
    TxOutcome first = register(hospitalA, patient);
    assertThat(first.success()).as(first.message()).isTrue();
    assertThat(find(patient).orElseThrow().encryptionKeyCertificate()).isEmpty();
    String cert = PatientEncryptionKey.certificate(suite, hers, CHAIN, suite.generateEncryptionKeyPair(random).getPublic());
    // A patient registered without one gets it with her next registration.
    assertThat(register(hospitalB, patient, "encryptionKeyCertificate", cert).success()).isTrue();
    assertThat(find(patient).orElseThrow().encryptionKeyCertificate()).hasValue(EncryptionKeyCertificate.decode(Hex.decode(cert)));

    PatientRecord before = find(patient).orElseThrow();
    String another = PatientEncryptionKey.certificate(suite, hers, CHAIN, suite.generateEncryptionKeyPair(random).getPublic());
    assertThat(another).isNotEqualTo(cert);
    TxOutcome swap = register(hospitalC, patient, "encryptionKeyCertificate", another);
    assertThat(swap.code()).isEqualTo("encryption_key_set");
    assertThat(find(patient).orElseThrow()).usingRecursiveComparison().isEqualTo(before);
  }
}
