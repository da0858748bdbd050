package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.medledger.node.NodeKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.vault.VaultException;

/**
 * Issue 20 finding 2, what remained, on four real validators: hospital org-1's node, acting in bad
 * faith, logs a break-glass read in the name of its own real, registered clinician, who never
 * asked, to have the custodian (org-0) share a record's data key. Consensus refuses the event
 * without her signature, with her signature over another record, and with her request replayed;
 * no key is shared. Her own signed read, through the SDK, is served.
 */
class SignedReadRequestNetworkTest {
  @TempDir
  java.nio.file.Path dir;
  private BftTestNetwork net;
  private RunningValidators running;
  private long nodeNonce = 1;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** Admits {@code tx} at validator {@code via} and returns its outcome once every validator committed it. */
  private TxOutcome outcome(int via, Transaction tx) throws InterruptedException {
    AdmissionResult r = running.node(via).admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed", 30_000, () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    return running.node(0).ledger().transaction(id).orElseThrow().outcome();
  }

  /** {@code audit.log} signed by validator {@code org}'s own node key: what its operator can send. */
  private Transaction logAsNode(int org, AccessEvent... events) throws Exception {
    NodeKeys k = NodeKeys.load(net.suite, net.configs.get(org).certificate(), net.configs.get(org).privateKey());
    return new Transaction.Payload(net.suite.id(), net.genesis.chainId(), k.certificateId(), 2_000_000 + nodeNonce++,
        System.currentTimeMillis(), AuditContract.NAME, "log",
        Args.of("events", Hex.encode(AccessEvent.encodeBatch(List.of(events))))).sign(k.signer());
  }

  @Test
  void aNodeLoggingItsOwnClinicianWithoutHerSignedRequestIsRefusedAndGetsNoKey() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    running = RunningValidators.start(net);
    running.commit(net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    MedLedgerNode custodian = running.node(0);
    Hash target = RecordVault.of(custodian).store(net.clinicianId, "lab report".getBytes(), pid, "Binary", "laboratory").record();
    Hash other = RecordVault.of(custodian).store(net.clinicianId, "x-ray".getBytes(), pid, "Binary", "imaging").record();
    BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
    running.commit(net.register(li));

    AccessDecision glass = new AccessDecision(true, AccessDecision.Basis.BREAK_GLASS, Hash.ZERO, "break-glass: arrest");
    long now = System.currentTimeMillis();
    AccessEvent forTarget = AccessEvent.reported(target, pid, li.id(), "org-1", "clinician", PurposeOfUse.ETREAT, glass, now);
    assertThat(outcome(1, logAsNode(1, forTarget)).code()).as("she never asked").isEqualTo("missing_request");
    SignedReadRequest forOther = SignedReadRequest.sign(new ReadRequest(net.genesis.signingChainId(), li.id(), other,
        PurposeOfUse.ETREAT, "arrest", now, Hash.of(net.suite.hash().hash("li-1".getBytes()))), li.signer());
    TxOutcome overAnother = outcome(1, logAsNode(1, forTarget.requestedBy(forOther)));
    assertThat(overAnother.code()).as("her signature over another record").isEqualTo("invalid_request");
    assertThat(overAnother.message()).contains("is for record " + other);

    // The REST route refuses a read that carries no signed request, naming what is missing.
    MedLedgerClient liAtHome = new MedLedgerClient("http://127.0.0.1:" + running.node(1).apiPort());
    liAtHome.login(new ClientIdentity(net.suite, li.certificate(), li.keys().getPrivate()));
    ApiException unsigned = refused(() -> new MedLedgerClient("http://127.0.0.1:" + running.node(1).apiPort())
        .withToken(liAtHome.token()).get("v1/records/" + target.hex() + "/content?purpose=ETREAT&reason=arrest"));
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(unsigned.code()).isEqualTo("missing_read_request");
    assertThat(unsigned.getMessage()).contains(SignedReadRequest.HEADER);

    // The honest path: she breaks the glass for the x-ray herself; the SDK signs her request.
    assertThat(new String(liAtHome.recordContent(other.hex(), "ETREAT", "arrest"))).isEqualTo("x-ray");
    RunningValidators.await("her read is on every ledger", 20_000, () -> running.nodes().stream()
        .allMatch(n -> !AuditContract.ofRecord(n.ledger().state(), other).isEmpty()));
    AccessEvent hers = AuditContract.ofRecord(running.node(0).ledger().state(), other).get(0);
    assertThat(hers.request()).as("the committed event carries her signed request").isPresent();
    assertThat(hers.request().get().verifies(net.suite, li.keys().getPublic())).isTrue();

    // At the node: her logged request sent again, or one signed minutes ago, is refused before any decision.
    assertThat(readWith(running.node(1), liAtHome.token(), other, hers.request().get()).statusCode()).isEqualTo(400);
    assertThat(readWith(running.node(1), liAtHome.token(), other, hers.request().get()).body()).contains("replayed_read_request");
    SignedReadRequest stale = SignedReadRequest.sign(new ReadRequest(net.genesis.signingChainId(), li.id(), other,
        PurposeOfUse.ETREAT, "arrest", System.currentTimeMillis() - 300_000, Hash.of(net.suite.hash().hash("li-2".getBytes()))),
        li.signer());
    assertThat(readWith(running.node(1), liAtHome.token(), other, stale).body()).contains("invalid_read_request")
        .contains("sign each read when it is sent");

    // Her request, taken from the ledger and logged again, is spent.
    AccessEvent replay = AccessEvent.reported(other, pid, li.id(), "org-1", "clinician", PurposeOfUse.ETREAT, glass,
        System.currentTimeMillis()).requestedBy(hers.request().get());
    assertThat(outcome(1, logAsNode(1, replay)).code()).as("replayed").isEqualTo("already_used");
    assertThat(outcome(1, logAsNode(1, forTarget.requestedBy(hers.request().get()))).code()).isEqualTo("invalid_request");

    // The custodian would have shared the key within a commit or two; give it time, then look.
    // (A member's registration: the notary is another application's, not on this module's class path.)
    running.commit(net.register(net.member(0, "later", Role.ADMIN)));
    Thread.sleep(1_000);
    for (MedLedgerNode n : running.nodes()) {
      assertThat(RecordContract.keyCommitment(n.ledger().state(), target, "org:org-1")).as("no key for the forged read").isEmpty();
      assertThat(RecordContract.keyCommitment(n.ledger().state(), other, "org:org-1")).as("her read's key").isPresent();
      assertThat(AuditContract.ofRecord(n.ledger().state(), target)).as("nothing forged in the patient's log").isEmpty();
      assertThat(AuditContract.ofRecord(n.ledger().state(), other)).hasSize(1);
    }
    assertThatThrownBy(() -> running.node(1).vault().fetch(target)).isInstanceOf(VaultException.class)
        .hasMessageContaining("is not wrapped for org-1");
  }

  private static java.net.http.HttpResponse<String> readWith(MedLedgerNode node, String token, Hash record,
      SignedReadRequest request) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + node.apiPort() + "/v1/records/" + record.hex() + "/content?purpose=ETREAT&reason=arrest"))
        .header("Authorization", "Bearer " + token).header(SignedReadRequest.HEADER, request.toHex()).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static ApiException refused(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("served");
  }
}
