package org.medledger.core.genesis;

import java.util.Objects;
import org.medledger.crypto.EncryptionKeyCertificate;

/**
 * A validator: its organisation, a name, its node certificate (whose key seals blocks and signs
 * for the organisation) and its encryption key, certified by that signing key (holder {@code
 * node:<name>}, the genesis's chain id), to which custodians wrap the data keys the node may
 * open. In the genesis, so anyone holding it can check a node's encryption key without the ledger.
 */
public record ValidatorEntry(String organisation, String name, String nodeCertificatePem,
    EncryptionKeyCertificate encryptionKeyCertificate) {
  public ValidatorEntry {
    Objects.requireNonNull(organisation, "validator organisation");
    Objects.requireNonNull(name, "validator name");
    Objects.requireNonNull(nodeCertificatePem, "nodeCertificatePem of " + name);
    Objects.requireNonNull(encryptionKeyCertificate, "encryptionKeyCertificate of " + name);
  }
}
