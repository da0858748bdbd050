package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.NodeKeys;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;

/**
 * Issue 16 item 4 on four real validators running health records and credentials: the
 * regulator's registrar licenses dr-li of org-1 for break-glass and enforces it; while her
 * credential is suspended her emergency read is refused by her node and logged as refused, and
 * the ledger refuses a break-glass event in her name even from a node that would serve it (her own
 * signed request and all); reinstated, she breaks the glass again. Once {@code author-records} is
 * enforced too, her licence (break-glass only) stores no record: her node refuses, and so does
 * the ledger when her node names her as author.
 */
class BreakGlassEnforcementNetworkTest {
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

  private TxOutcome outcome(int via, Transaction tx) throws InterruptedException {
    AdmissionResult r = running.node(via).admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed", 30_000, () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    return running.node(0).ledger().transaction(id).orElseThrow().outcome();
  }

  /** {@code audit.log} signed by validator {@code org}'s own node key: what its operator can send. */
  private Transaction logAsNode(int org, AccessEvent... events) throws Exception {
    return asNode(org, AuditContract.NAME, "log", "events", Hex.encode(AccessEvent.encodeBatch(List.of(events))));
  }

  /** A call signed by validator {@code org}'s own node key. */
  private Transaction asNode(int org, String contract, String method, String... args) throws Exception {
    NodeKeys k = NodeKeys.load(net.suite, net.configs.get(org).certificate(), net.configs.get(org).privateKey());
    return new Transaction.Payload(net.suite.id(), net.genesis.chainId(), k.certificateId(), 3_000_000 + nodeNonce++,
        System.currentTimeMillis(), contract, method, Args.of(args)).sign(k.signer());
  }

  @Test
  void aSuspendedClinicianCannotBreakTheGlassUntilReinstated() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    running = RunningValidators.start(net);
    running.commit(net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    Hash record = RecordVault.of(running.node(0)).store(net.clinicianId, "lab report".getBytes(), pid, "Binary", "laboratory")
        .record();
    BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
    BftTestNetwork.Member registrar = net.member(3, "registrar", Role.REGULATOR);
    running.commit(net.register(li));
    running.commit(net.register(registrar));
    long now = System.currentTimeMillis();
    running.commit(net.tx(registrar, "credentials", "issue", "licence", "RG-7", "holder", li.id().hex(), "profession",
        "Physician", "scopes", "break-glass", "validFrom", Long.toString(now - 86_400_000L), "validUntil",
        Long.toString(now + 365 * 86_400_000L), "document", "cd".repeat(32)));
    running.commit(net.tx(registrar, "credentials", "enforce", "scope", "break-glass"));
    running.commit(net.tx(registrar, "credentials", "suspend", "issuer", "org-3", "licence", "RG-7", "reason",
        "complaint under review"));

    MedLedgerClient liAtHome = new MedLedgerClient("http://127.0.0.1:" + running.node(1).apiPort());
    liAtHome.login(new ClientIdentity(net.suite, li.certificate(), li.keys().getPrivate()));
    assertThatThrownBy(() -> liAtHome.recordContent(record.hex(), "ETREAT", "arrest"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("credential_suspended"));

    // Her node, were it to serve her anyway, could not log it: the ledger refuses the event, her signed request and all.
    AccessDecision glass = new AccessDecision(true, AccessDecision.Basis.BREAK_GLASS, Hash.ZERO, "break-glass: arrest");
    long t = System.currentTimeMillis();
    SignedReadRequest asked = SignedReadRequest.sign(new ReadRequest(net.genesis.signingChainId(), li.id(), record,
        PurposeOfUse.ETREAT, "arrest", t, Hash.of(net.suite.hash().hash("li-glass-1".getBytes()))), li.signer());
    TxOutcome refused = outcome(1, logAsNode(1, AccessEvent.reported(record, pid, li.id(), "org-1", "clinician",
        PurposeOfUse.ETREAT, glass, t).requestedBy(asked)));
    assertThat(refused.code()).isEqualTo("credential_suspended");
    assertThat(refused.message()).contains("event 0: dr-li of org-1 may not break-glass").contains("org-3 licence RG-7");
    assertThat(AuditContract.ofRecord(running.node(0).ledger().state(), record)).allSatisfy(e -> assertThat(e.served())
        .as("only her refused read is in the patient's log").isFalse());

    running.commit(net.tx(registrar, "credentials", "reinstate", "issuer", "org-3", "licence", "RG-7", "reason", "cleared"));
    assertThat(new String(liAtHome.recordContent(record.hex(), "ETREAT", "arrest"))).isEqualTo("lab report");

    // Storing as author (author-records): her licence lacks the scope, so her node refuses her store
    // before it seals anything, and the ledger refuses the same registration from her node.
    running.commit(net.tx(registrar, "credentials", "enforce", "scope", "author-records"));
    assertThatThrownBy(() -> liAtHome.storeRecord(pid.toString(), "laboratory", "note".getBytes(), "application/pdf"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("credential_lacks_scope", "dr-li of org-1 may not author-records");
        });
    com.fasterxml.jackson.databind.JsonNode observation = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"potassium\"},"
            + "\"subject\":{\"reference\":\"Patient/" + pid + "\"}}");
    assertThatThrownBy(() -> liAtHome.post("fhir/Observation?category=laboratory", observation))
        .as("through the FHIR façade too").isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    TxOutcome authored = outcome(1, asNode(1, "records", "register", "author", li.id().hex(), "record",
        Hash.of(net.suite.hash().hash("li-note".getBytes())).hex(), "patient", pid.toString(), "resourceType", "Binary",
        "category", "laboratory", "manifest", "0a", "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32)));
    assertThat(authored.code()).isEqualTo("credential_lacks_scope");
    assertThat(authored.message()).contains("dr-li of org-1 may not author-records");
  }
}
