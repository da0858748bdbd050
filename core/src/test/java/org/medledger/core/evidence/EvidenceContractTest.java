package org.medledger.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.consensus.ConsensusSignBytes;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
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
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * {@code evidence.submit} against a real genesis of four validators (keys made at run time): a
 * true equivocation is recorded once, and every way a member might cheat with it — a forged
 * signature, another chain's, a signer who is no validator, a submitter who is none, two messages
 * that do not conflict — is refused with its own code.
 */
class EvidenceContractTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final SecureRandom RANDOM = new SecureRandom();
  static final long T0 = System.currentTimeMillis();
  static final Date FROM = new Date(T0 - 3_600_000L);
  static final Date TO = new Date(T0 + 86_400_000L);

  final List<Hash> validatorIds = new ArrayList<>();
  final Map<Hash, Signer> validatorKeys = new TreeMap<>();
  final Map<Hash, Caller> callers = new TreeMap<>();
  final Genesis genesis;
  final String signingChainId;
  /** A node of a member organisation that is not a validator, with its own key. */
  final Caller outsiderNode;
  final Signer outsiderKey;
  final Caller regulator;
  final InMemoryState state = new InMemoryState();
  final BlockExecutor executor;
  long height = 20;
  long nonce;

  EvidenceContractTest() {
    List<Organisation> orgs = new ArrayList<>();
    List<ValidatorEntry> validators = new ArrayList<>();
    List<CertificateAuthority> cas = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CertificateAuthority ca = CertificateAuthority.create(SUITE, "org-" + i, FROM, TO, RANDOM);
      cas.add(ca);
      orgs.add(new Organisation("org-" + i, Pem.certificate(ca.certificate()), List.of(Role.values())));
    }
    for (int i = 0; i < 5; i++) {
      KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
      X509Certificate c = cas.get(i).issueNode("org-" + i + "-node", k.getPublic(), FROM, TO);
      Hash id = CertificateId.of(SUITE.hash(), c);
      Caller caller = new Caller(id, "org-" + i, "node", "org-" + i + "-node");
      callers.put(id, caller);
      if (i < 4) {
        validators.add(new ValidatorEntry("org-" + i, "org-" + i + "-node", Pem.certificate(c),
            org.medledger.crypto.EncryptionKeyCertificate.issue(SUITE, SUITE.signatures().signer(k), "evidence-test",
                org.medledger.crypto.EncryptionKeyCertificate.nodeHolder("org-" + i + "-node"),
                SUITE.generateEncryptionKeyPair(RANDOM).getPublic())));
        validatorKeys.put(id, SUITE.signatures().signer(k));
      }
    }
    genesis = new Genesis("evidence-test", SUITE.id(), T0 - 1000, orgs, validators, List.of(), ChainParameters.DEFAULTS);
    Membership membership = new Membership(genesis);
    validatorIds.addAll(membership.validatorIds());
    signingChainId = genesis.signingChainId();
    Hash outsider = callers.keySet().stream().filter(id -> !validatorKeys.containsKey(id)).findFirst().orElseThrow();
    outsiderNode = callers.get(outsider);
    KeyPair ok = SUITE.signatures().generateKeyPair(RANDOM);
    outsiderKey = SUITE.signatures().signer(ok);
    regulator = new Caller(Hash.of(SUITE.hash().hash("regulator".getBytes())), "org-3", "regulator", "inspector");
    callers.put(regulator.certificateId(), regulator);
    executor = new BlockExecutor(new ContractRegistry().register(new EvidenceContract(membership)), SUITE.hash(),
        (tx, s) -> Optional.ofNullable(callers.get(tx.sender()))
            .orElseThrow(() -> new ContractException("unknown_sender", "?")),
        ChainParameters.DEFAULTS);
  }

  Hash validator(int i) {
    return validatorIds.get(i);
  }

  Caller node(int i) {
    return callers.get(validator(i));
  }

  static Hash id(String s) {
    return Hash.of(SUITE.hash().hash(s.getBytes()));
  }

  SignedConsensusMessage vote(Signer by, String chain, ConsensusStep step, long h, int r, Hash value) {
    return new SignedConsensusMessage(step, h, r, value, -1, by.sign(ConsensusSignBytes.vote(chain, step, h, r, value)));
  }

  SignedConsensusMessage vote(int by, ConsensusStep step, long h, int r, Hash value) {
    return vote(validatorKeys.get(validator(by)), signingChainId, step, h, r, value);
  }

  SignedConsensusMessage proposal(int by, long h, int r, Hash value, int validRound) {
    return new SignedConsensusMessage(ConsensusStep.PROPOSAL, h, r, value, validRound,
        validatorKeys.get(validator(by)).sign(ConsensusSignBytes.proposal(signingChainId, h, r, value, validRound)));
  }

  TxOutcome submit(Caller by, Equivocation e) {
    return submitHex(by, Hex.encode(e.encode()));
  }

  TxOutcome submitHex(Caller by, String evidence) {
    Transaction tx = new Transaction.Payload("intl", "evidence-test", by.certificateId(), ++nonce, T0, EvidenceContract.NAME,
        EvidenceContract.SUBMIT, Args.of("evidence", evidence)).sign(outsiderKey);
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  Equivocation twoPrevotes(int by, long h, int r) {
    return new Equivocation(validator(by), vote(by, ConsensusStep.PREVOTE, h, r, id("A")),
        vote(by, ConsensusStep.PREVOTE, h, r, id("B")));
  }

  @Test
  void twoPrevotesForOneRoundAreRecordedOnceWhoeverSubmitsThem() {
    Equivocation e = twoPrevotes(2, 3, 1);
    ok(submit(node(0), e));
    assertThat(EvidenceContract.count(state)).isEqualTo(1);
    EvidenceRecord rec = EvidenceContract.latest(state, 5).get(0);
    assertThat(rec.evidence()).isEqualTo(e);
    assertThat(rec.submitter()).isEqualTo(validator(0));
    assertThat(rec.recordedHeight()).isEqualTo(height);
    assertThat(EvidenceContract.recorded(state, e)).isTrue();

    // The same pair from another validator, and another pair for the same step: recorded once.
    assertThat(submit(node(1), e).code()).isEqualTo("already_recorded");
    Equivocation other = new Equivocation(validator(2), vote(2, ConsensusStep.PREVOTE, 3, 1, id("C")),
        vote(2, ConsensusStep.PREVOTE, 3, 1, ConsensusSignBytes.NIL));
    assertThat(submit(node(3), other).code()).isEqualTo("already_recorded");
    // The equivocator itself may submit (its own node sees the relayed copies); still once.
    assertThat(submit(node(2), new Equivocation(validator(2), e.second(), e.first())).code()).isEqualTo("already_recorded");
    assertThat(EvidenceContract.count(state)).isEqualTo(1);
  }

  @Test
  void conflictingProposalsAndPrecommitsAreRecordedEachUnderItsOwnStep() {
    ok(submit(node(1), new Equivocation(validator(0), proposal(0, 4, 0, id("A"), -1), proposal(0, 4, 0, id("B"), -1))));
    // A precommit for a block signs its commit seal; one for nil does not: both are checked.
    ok(submit(node(1), new Equivocation(validator(0), vote(0, ConsensusStep.PRECOMMIT, 4, 0, id("A")),
        vote(0, ConsensusStep.PRECOMMIT, 4, 0, ConsensusSignBytes.NIL))));
    // Same value, two validRounds: two different signed proposals for one round.
    ok(submit(node(1), new Equivocation(validator(0), proposal(0, 4, 2, id("A"), -1), proposal(0, 4, 2, id("A"), 1))));
    assertThat(EvidenceContract.count(state)).isEqualTo(3);
    assertThat(EvidenceContract.list(state, 0, 10)).extracting(r -> r.evidence().step())
        .containsExactly(ConsensusStep.PROPOSAL, ConsensusStep.PRECOMMIT, ConsensusStep.PROPOSAL);
    assertThat(EvidenceContract.latest(state, 2)).extracting(EvidenceRecord::sequence).containsExactly(2L, 1L);
  }

  @Test
  void theSameMessageTwiceIsNoEquivocation() {
    SignedConsensusMessage m = vote(2, ConsensusStep.PREVOTE, 3, 1, id("A"));
    // Signed again (a randomised signature scheme would give other signature bytes): the same content.
    SignedConsensusMessage resigned = vote(2, ConsensusStep.PREVOTE, 3, 1, id("A"));
    assertThat(submit(node(0), new Equivocation(validator(2), m, m)).code()).isEqualTo("same_message");
    assertThat(submit(node(0), new Equivocation(validator(2), m, resigned)).code()).isEqualTo("same_message");
    assertThat(EvidenceContract.count(state)).isZero();
  }

  @Test
  void messagesForDifferentStepsDoNotConflict() {
    assertThat(submit(node(0), new Equivocation(validator(2), vote(2, ConsensusStep.PREVOTE, 3, 1, id("A")),
        vote(2, ConsensusStep.PREVOTE, 3, 2, id("B")))).code()).isEqualTo("not_conflicting");
    assertThat(submit(node(0), new Equivocation(validator(2), vote(2, ConsensusStep.PREVOTE, 3, 1, id("A")),
        vote(2, ConsensusStep.PRECOMMIT, 3, 1, id("B")))).code()).isEqualTo("not_conflicting");
    assertThat(submit(node(0), new Equivocation(validator(2), vote(2, ConsensusStep.PREVOTE, 3, 1, id("A")),
        vote(2, ConsensusStep.PREVOTE, 4, 1, id("B")))).code()).isEqualTo("not_conflicting");
    assertThat(EvidenceContract.count(state)).isZero();
  }

  @Test
  void aValidatorCannotFrameAnotherWithSignaturesOfItsOwn() {
    // Validator 1 signs the second message itself and claims validator 2 did.
    SignedConsensusMessage genuine = vote(2, ConsensusStep.PREVOTE, 3, 1, id("A"));
    SignedConsensusMessage forged = vote(1, ConsensusStep.PREVOTE, 3, 1, id("B"));
    TxOutcome o = submit(node(1), new Equivocation(validator(2), genuine, forged));
    assertThat(o.code()).isEqualTo("bad_signature");
    assertThat(o.message()).contains("second");
    // A signature altered in one byte.
    byte[] sig = vote(2, ConsensusStep.PREVOTE, 3, 1, id("B")).signature();
    sig[sig.length - 1] ^= 1;
    SignedConsensusMessage altered = new SignedConsensusMessage(ConsensusStep.PREVOTE, 3, 1, id("B"), -1, sig);
    assertThat(submit(node(1), new Equivocation(validator(2), altered, genuine)).code()).isEqualTo("bad_signature");
    assertThat(EvidenceContract.count(state)).isZero();
  }

  @Test
  void messagesSignedForAnotherChainAreNoEvidenceHere() {
    Signer key = validatorKeys.get(validator(2));
    for (String chain : List.of("other-chain/" + genesis.hash().hex(), genesis.chainId())) {
      Equivocation e = new Equivocation(validator(2), vote(key, chain, ConsensusStep.PREVOTE, 3, 1, id("A")),
          vote(key, chain, ConsensusStep.PREVOTE, 3, 1, id("B")));
      assertThat(submit(node(0), e).code()).as(chain).isEqualTo("bad_signature");
    }
    assertThat(EvidenceContract.count(state)).isZero();
  }

  @Test
  void aSignerWhoIsNoValidatorIsRefused() {
    Equivocation e = new Equivocation(outsiderNode.certificateId(),
        vote(outsiderKey, signingChainId, ConsensusStep.PREVOTE, 3, 1, id("A")),
        vote(outsiderKey, signingChainId, ConsensusStep.PREVOTE, 3, 1, id("B")));
    assertThat(submit(node(0), e).code()).isEqualTo("not_a_validator");
  }

  @Test
  void onlyAGenesisValidatorsNodeSubmits() {
    Equivocation e = twoPrevotes(2, 3, 1);
    TxOutcome byOutsider = submit(outsiderNode, e);
    assertThat(byOutsider.code()).isEqualTo("forbidden");
    assertThat(byOutsider.message()).contains("genesis validator");
    assertThat(submit(regulator, e).code()).isEqualTo("forbidden");
    assertThat(EvidenceContract.count(state)).isZero();
    ok(submit(node(3), e));
  }

  @Test
  void evidenceFromBeyondTheBlocksHeightIsRefused() {
    assertThat(submit(node(0), twoPrevotes(2, height + 5, 0)).code()).isEqualTo("future_height");
    ok(submit(node(0), twoPrevotes(2, height + 1, 0)));
  }

  @Test
  void malformedEvidenceIsNamed() {
    TxOutcome o = submitHex(node(0), "zz");
    assertThat(o.code()).isEqualTo("invalid_argument");
    String good = Hex.encode(twoPrevotes(2, 3, 1).encode());
    assertThat(submitHex(node(0), good + "00").message()).contains("evidence");
    assertThat(submitHex(node(0), good.substring(0, 100)).code()).isEqualTo("invalid_argument");
  }
}
