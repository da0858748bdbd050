package org.medledger.apps.notary.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.client.InclusionProofVerifier;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptQr;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;
import org.medledger.node.application.DemoText;

/**
 * The demo's first chapter: dr-wang anchors documents through the SDK (one twice, refused the
 * second time), hospital-a's admin through REST; the lab report's inclusion proof and receipts are
 * checked offline and saved with a QR code. It plays on every run, a fresh network or not.
 */
final class NotaryDemoChapter implements DemoChapter {
  @Override
  public int storyOrder() {
    return 10;
  }

  @Override
  public String title() {
    return "notary: anchored documents, proofs and receipts";
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    var out = stage.out();
    CryptoSuite cs = stage.suite();
    String chainId = stage.chainId();
    String api = stage.apiUrls().get(0);
    Path data = stage.dataDir();
    Path genesisFile = stage.genesisFile();
    Genesis genesis = stage.nodes().get(0).genesis();
    MedLedgerClient drWang = new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get("dr-wang"));
    TransactionBuilder wang = new TransactionBuilder(stage.identities().get("dr-wang"), chainId, Clock.systemUTC());
    String labReport = DemoText.fingerprint(cs, "FHIR DiagnosticReport: patient-1 HbA1c 6.1% " + System.nanoTime());
    Transaction anchorTx = wang.anchor(labReport, "lab-report");
    out.println("dr-wang anchors a lab report " + labReport.substring(0, 16) + "…: " + DemoText.describe(drWang.submit(anchorTx, true)));
    String fixed = DemoText.fingerprint(cs, "MedLedger demo discharge summary v1");
    out.println("dr-wang anchors a discharge summary: " + DemoText.describe(drWang.submit(wang.anchor(fixed, "discharge-summary"), true)));
    out.println("dr-wang anchors it again: " + DemoText.describe(drWang.submit(wang.anchor(fixed, "discharge-summary"), true)));
    MedLedgerClient adminA = new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get("hospital-a-admin"));
    ObjectNode body = new ObjectMapper().createObjectNode().put("hash", DemoText.fingerprint(cs, "imaging report " + System.nanoTime()))
        .put("type", "imaging-report");
    out.println("hospital-a-admin anchors through REST (node signs for hospital-a): " + DemoText.describe(adminA.post("v1/notary/anchor", body)));

    JsonNode proof = drWang.inclusionProof(anchorTx.id(cs.hash()).hex());
    Path proofFile = data.resolve("sample-proof.json");
    Files.writeString(proofFile, proof.toPrettyString());
    Verification v = new InclusionProofVerifier(genesis).verify(proof);
    out.println("offline check of the lab report's inclusion proof: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    out.println("  proof saved to " + proofFile + "; check it yourself: bin/medledger verify " + proofFile + " --genesis " + genesisFile);

    // Receipts: the transaction with its outcome, and the notary record's state, each with its header and certificate.
    var verifier = new ReceiptVerifier(genesis);
    JsonNode txReceipt = drWang.transactionReceipt(anchorTx.id(cs.hash()).hex());
    Path txReceiptFile = data.resolve("sample-receipt.json");
    Files.writeString(txReceiptFile, txReceipt.toPrettyString());
    out.println("offline check of the lab report's transaction receipt: " + verdict(verifier.verify(txReceipt)));
    JsonNode stateReceipt = drWang.stateReceipt(NotaryContract.NAME + "/" + NotaryContract.key(labReport, "hospital-a"),
        txReceipt.get("signedHeader").get("height").asLong());
    Path stateReceiptFile = data.resolve("sample-state-receipt.json");
    Files.writeString(stateReceiptFile, stateReceipt.toPrettyString());
    out.println("offline check of the lab report's notary record (state receipt): " + verdict(verifier.verify(stateReceipt)));
    Path qr = data.resolve("sample-receipt.png");
    var code = ReceiptQr.payload(txReceipt, cs.hash(), URI.create(api + "/v1/receipts/tx/" + anchorTx.id(cs.hash()).hex()));
    Files.write(qr, ReceiptQr.png(code, 400));
    out.println("  receipts saved to " + txReceiptFile + " and " + stateReceiptFile + "; QR code for a phone: " + qr);
    out.println("  check them: bin/medledger verify " + txReceiptFile + " --genesis " + genesisFile
        + "   bin/medledger receipt scan " + qr + " --receipt " + txReceiptFile + " --genesis " + genesisFile);
  }

  private static String verdict(Verification v) {
    return v instanceof Verification.Verified ok ? "VERIFIED (" + ok.summary() + ")" : "FAILED " + v;
  }

}
