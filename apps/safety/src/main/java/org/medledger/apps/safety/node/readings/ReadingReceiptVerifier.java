package org.medledger.apps.safety.node.readings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.medledger.apps.safety.contract.readings.AnchoredReading;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;
import org.medledger.crypto.merkle.ProofException;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.application.ReceiptKind;

/**
 * Checks a {@link ReadingReceipt} with the genesis alone: the anchoring transaction's receipt
 * verifies (proof, header, a quorum's seals, the sender's signature) and shows a successful
 * {@code readings.anchor} by the receipt's organisation of its batch; the device's signature
 * holds for the reading under the key in the leaf; the leaf's inclusion proof leads to the root
 * that transaction anchored; and the reading's fields in words are its signed bytes. A reading
 * altered after the fact fails one of these, and the failure names which.
 */
public final class ReadingReceiptVerifier implements ReceiptKind {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("kind", "organisation", "batch", "readingFields", "reading", "leafIndex",
      "batchSize", "auditPath", "anchor");

  @Override
  public String kind() {
    return ReadingReceipt.KIND;
  }

  @Override
  public Verification verify(JsonNode receipt, Genesis genesis) {
    try {
      return check(receipt, genesis);
    } catch (IllegalArgumentException | DecodeException | NullPointerException e) {
      return new Verification.Failed("format", "the reading receipt is malformed: " + e.getMessage());
    }
  }

  private Verification check(JsonNode receipt, Genesis genesis) {
    for (Iterator<String> it = receipt.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        return new Verification.Failed("document", "field '" + f + "' is not part of a reading receipt");
      }
    }
    JsonNode anchorReceipt = receipt.get("anchor");
    if (anchorReceipt == null || !"transaction".equals(anchorReceipt.path("kind").asText())) {
      return new Verification.Failed("anchor", "the reading receipt carries no 'anchor' (the anchoring transaction's receipt)");
    }
    Verification anchored = new ReceiptVerifier(genesis).verify(anchorReceipt);
    if (anchored instanceof Verification.Failed f) {
      return new Verification.Failed("anchor." + f.check(), f.reason());
    }
    Transaction tx = Transaction.decode(Hex.decode(anchorReceipt.path("transaction").path("encoded").asText()));
    if (!DeviceReadingsContract.NAME.equals(tx.contract()) || !DeviceReadingsContract.ANCHOR.equals(tx.method())) {
      return new Verification.Failed("anchor", "the transaction is " + tx.contract() + "." + tx.method() + ", not readings.anchor");
    }
    if (!anchorReceipt.path("outcome").path("success").asBoolean(false)) {
      return new Verification.Failed("anchor", "the anchoring transaction failed (" + anchorReceipt.path("outcome").path("code").asText()
          + "): it anchored nothing");
    }
    String organisation = receipt.path("organisation").asText("");
    String sender = organisation(Hex.decode(anchorReceipt.path("senderCertificate").asText()));
    if (!organisation.equals(sender)) {
      return new Verification.Failed("organisation", "the receipt names gateway organisation " + organisation
          + ", but the batch was anchored by " + sender);
    }
    String batchId = receipt.path("batch").asText("");
    if (!batchId.equals(tx.args().get("batch").orElse(""))) {
      return new Verification.Failed("batch", "the receipt names batch " + batchId + ", the transaction anchored batch "
          + tx.args().get("batch").orElse(""));
    }
    long batchSize = number(receipt, "batchSize");
    if (!Long.toString(batchSize).equals(tx.args().get("count").orElse(""))) {
      return new Verification.Failed("batchSize", "the receipt says the batch holds " + batchSize + " readings, the ledger "
          + tx.args().get("count").orElse(""));
    }
    CryptoSuite suite = genesis.cryptoSuite();
    AnchoredReading leaf = AnchoredReading.decode(Hex.decode(receipt.path("reading").asText()));
    var verifier = suite.signatures().verifier(suite.signatures().decodePublicKey(leaf.devicePublicKey()));
    if (!leaf.signed().signedBy(verifier)) {
      return new Verification.Failed("signature", "the reading is not signed by the device key it was anchored with: the reading"
          + " or its signature was changed");
    }
    MerkleHasher hasher = new MerkleHasher(suite.hash());
    List<byte[]> path = new ArrayList<>();
    for (JsonNode h : receipt.path("auditPath")) {
      path.add(Hex.decode(h.asText()));
    }
    long leafIndex = number(receipt, "leafIndex");
    Hash anchoredRoot = Hash.fromHex(tx.args().get("root").orElse(""));
    try {
      byte[] root = new MerkleVerifier(hasher).rootFromInclusionProof(leafIndex, batchSize, hasher.leafHash(leaf.encode()), path);
      if (!Hash.of(root).equals(anchoredRoot)) {
        return new Verification.Failed("auditPath", "reading " + leafIndex + " and its audit path lead to " + Hex.encode(root)
            + ", not to the root the ledger anchored, " + anchoredRoot.hex() + ": the reading is not the one anchored");
      }
    } catch (ProofException e) {
      return new Verification.Failed("auditPath", e.getMessage());
    }
    JsonNode want = JSON.valueToTree(ReadingReceipt.fields(leaf.reading()));
    JsonNode got = receipt.get("readingFields");
    if (!want.equals(got)) {
      for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (got == null || !want.get(f).equals(got.get(f))) {
          return new Verification.Failed("readingFields." + f, "the receipt says " + (got == null ? "nothing" : got.get(f))
              + ", the signed reading says " + want.get(f));
        }
      }
      return new Verification.Failed("readingFields", "the receipt adds fields the signed reading does not have");
    }
    var r = leaf.reading();
    String summary = ((Verification.Verified) anchored).summary();
    return new Verification.Verified("reading " + r.sequence() + " of device " + r.udi() + " (" + r.codeSystem() + " " + r.code()
        + " = " + r.value() + " " + r.unit() + ", stated at " + java.time.Instant.ofEpochMilli(r.statedAtMillis())
        + ") is signed by the device's key and is reading " + leafIndex + " of the " + batchSize + " in batch " + batchId + " of "
        + organisation + ", whose root " + summary.replaceFirst("^transaction ", "was anchored by transaction "));
  }

  private static long number(JsonNode receipt, String field) {
    JsonNode n = receipt.get(field);
    if (n == null || !n.canConvertToExactIntegral() || n.asLong() < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number");
    }
    return n.asLong();
  }

  private static String organisation(byte[] der) {
    try {
      return Names.organisation(Pem.parseCertificate(der));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the anchoring transaction's sender certificate: " + e.getMessage());
    }
  }
}
