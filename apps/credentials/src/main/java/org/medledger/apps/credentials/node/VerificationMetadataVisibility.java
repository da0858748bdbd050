package org.medledger.apps.credentials.node;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.PrimarySourceVerification;
import org.medledger.apps.credentials.contract.Verifications;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.application.MetadataRule;

/**
 * Who may see the metadata of a verification's reuse through the platform's routes (a transaction,
 * a receipt, a state key): which organisations a clinician consented to, who read her verification
 * and who reused it tell where she is applying for work. A consent, read or reuse, as transaction
 * or state entry, is shown to its sender, a regulator, the clinician, her licensing authority, and
 * the organisation it names (the consented or reusing organisation, the reader's); nothing else of
 * credentials is hidden: a licence register is public on purpose, and so is which verification
 * stands behind a licence. What names no recorded verification goes to the sender and regulators.
 */
final class VerificationMetadataVisibility implements MetadataRule {
  private static final Set<String> REUSE_METHODS = Set.of("grantVerification", "withdrawVerificationConsent",
      "verificationRead", "reuseVerification");
  private final HashFunction hash;

  VerificationMetadataVisibility(HashFunction hash) {
    this.hash = hash;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!CredentialsContract.NAME.equals(tx.contract()) || !REUSE_METHODS.contains(tx.method())
        || who.certificateId().equals(tx.sender()) || "regulator".equals(who.role())) {
      return true;
    }
    try {
      Hash id = Hash.fromHex(tx.args().get("verification").orElseThrow());
      Optional<PrimarySourceVerification> v = Verifications.find(state, id);
      if (v.isEmpty()) {
        return false;
      }
      if (concerns(v.get(), who)) {
        return true;
      }
      Hash txId = tx.id(hash);
      return switch (tx.method()) {
        case "verificationRead" -> Verifications.reads(state, id).stream().anyMatch(r -> r.id().equals(txId)
            && (r.reader().equals(who.certificateId()) || r.readerOrganisation().equals(who.organisation())));
        case "reuseVerification" -> Verifications.reuses(state, id).stream().anyMatch(r -> r.id().equals(txId)
            && r.organisation().equals(who.organisation()));
        default -> who.organisation().equals(tx.args().get("organisation").orElse(""));
      };
    } catch (RuntimeException e) {
      // Malformed arguments name no verification that can be checked: the sender and regulators only.
      return false;
    }
  }

  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    if (!CredentialsContract.NAME.equals(new String(fullKey, 0, sep, StandardCharsets.UTF_8))
        || "regulator".equals(who.role())) {
      return true;
    }
    String key = sep >= fullKey.length ? "" : new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    String[] parts = key.split("/");
    if (!Set.of("verification-consent", "verification-read", "verification-reuse").contains(parts[0])) {
      return true;
    }
    try {
      Hash id = Hash.fromHex(parts[1]);
      Optional<PrimarySourceVerification> v = Verifications.find(state, id);
      if (v.isEmpty()) {
        return false;
      }
      if (concerns(v.get(), who)) {
        return true;
      }
      return switch (parts[0]) {
        case "verification-consent", "verification-reuse" -> who.organisation().equals(parts[2]);
        default -> Verifications.reads(state, id).stream().anyMatch(r -> r.id().hex().equals(parts[2])
            && (r.reader().equals(who.certificateId()) || r.readerOrganisation().equals(who.organisation())));
      };
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The clinician herself and her licensing authority see everything about her verification. */
  private static boolean concerns(PrimarySourceVerification v, Caller who) {
    return who.certificateId().equals(v.clinician()) || who.organisation().equals(v.issuer());
  }
}
