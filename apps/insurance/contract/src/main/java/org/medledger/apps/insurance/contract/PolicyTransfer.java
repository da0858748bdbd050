package org.medledger.apps.insurance.contract;

import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * What a policy's holder signs to hand it on: {@code string "medledger/insurance/transfer/v1" ‖
 * string chainId ‖ fixed 32 policy ‖ u32 policyVersion ‖ fixed 32 newHolder ‖ string group}. The
 * insurer's member submits the transfer (its signature is the transaction's) carrying this
 * signature, as a consent carries the patient's: both parties or nothing. The policy's version
 * makes one signature move the policy once; the chain id keeps it on this chain.
 */
public final class PolicyTransfer {
  private PolicyTransfer() {}

  public static byte[] statement(String chainId, Hash policy, int policyVersion, Hash newHolder, String group) {
    return new CanonicalWriter(160).string("medledger/insurance/transfer/v1").string(chainId)
        .fixed(policy.unsafeBytes(), Hash.LENGTH).u32(policyVersion).fixed(newHolder.unsafeBytes(), Hash.LENGTH)
        .string(group).toByteArray();
  }

  public static byte[] sign(Signer holderKey, String chainId, Hash policy, int policyVersion, Hash newHolder, String group) {
    return holderKey.sign(statement(chainId, policy, policyVersion, newHolder, group));
  }

  static boolean verifies(CryptoSuite suite, byte[] holderPublicKey, byte[] statement, byte[] signature) {
    try {
      return suite.signatures().verifier(suite.signatures().decodePublicKey(holderPublicKey)).verify(statement, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
