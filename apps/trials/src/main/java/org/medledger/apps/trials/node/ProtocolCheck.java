package org.medledger.apps.trials.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.medledger.apps.trials.contract.ProtocolCommitment;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Checks a protocol file against the ledger with the genesis alone: the state receipt of the
 * trial's {@code protocol/{trialId}/{hash}} key must verify (sealed by the validators the genesis
 * names) and the file must hash, with the chain's hash, to the protocol hash that key commits.
 * Anyone holding the file can run it, whether or not the sponsor has revealed the protocol yet.
 */
public final class ProtocolCheck {
  private ProtocolCheck() {}

  public static Verification verify(Genesis genesis, JsonNode receipt, byte[] protocol) {
    Verification sealed = new ReceiptVerifier(genesis).verify(receipt);
    if (!sealed.ok()) {
      return sealed;
    }
    byte[] fullKey = Hex.decode(receipt.path("key").asText(""));
    byte[] prefix = StateKeys.of(TrialsContract.NAME, "protocol/");
    if (fullKey.length <= prefix.length || !java.util.Arrays.equals(fullKey, 0, prefix.length, prefix, 0, prefix.length)) {
      return new Verification.Failed("key", "the receipt proves key " + printable(fullKey) + ", not a trial's protocol"
          + " (trials/protocol/{trialId}/{hash})");
    }
    JsonNode value = receipt.get("value");
    if (value == null || value.isNull()) {
      return new Verification.Failed("value", "the receipt proves key " + printable(fullKey) + " absent: no registration committed"
          + " that protocol hash");
    }
    ProtocolCommitment c = ProtocolCommitment.decode(Hex.decode(value.asText()));
    Hash file = Hash.of(genesis.cryptoSuite().hash().hash(protocol));
    if (!file.equals(c.protocolHash())) {
      return new Verification.Failed("protocolHash", "the file (" + protocol.length + " bytes) hashes to " + file.hex()
          + ", but trial " + c.trialId() + " committed " + c.protocolHash().hex() + ": it is not the registered protocol");
    }
    long block = org.medledger.core.block.SignedHeader.decode(Hex.decode(receipt.path("signedHeader").path("encoded").asText()))
        .header().height();
    return new Verification.Verified("the file (" + protocol.length + " bytes, " + genesis.cryptoSuite().hash().algorithm() + " "
        + file.hex() + ") is the full protocol trial " + c.trialId() + " committed in version " + c.firstVersion() + " at height "
        + c.committedHeight() + (c.revealed() ? ", revealed by its sponsor at height " + c.revealHeight() + " (transaction "
            + c.revealTransaction().hex() + ")" : ", not revealed yet") + "; as of block " + block + ": " + ((Verification.Verified) sealed).summary());
  }

  private static String printable(byte[] fullKey) {
    return new String(fullKey, java.nio.charset.StandardCharsets.UTF_8).replace('\0', '/');
  }
}
