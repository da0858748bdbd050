package org.medledger.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;

/** Builds and signs transactions for one identity on one chain; nonces are random 64-bit values. */
public final class TransactionBuilder {
  private final ClientIdentity identity;
  private final String chainId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public TransactionBuilder(ClientIdentity identity, String chainId, Clock clock) {
    this.identity = identity;
    this.chainId = chainId;
    this.clock = clock;
  }

  public Transaction build(String contract, String method, Map<String, String> args) {
    return new Transaction.Payload(identity.suite().id(), chainId, identity.certificateId(), random.nextLong(),
        clock.millis(), contract, method, Args.of(new TreeMap<>(args))).sign(identity.signer());
  }

  public Transaction anchor(String fingerprintHex, String documentType) {
    return build("notary", "anchor", Map.of("hash", fingerprintHex, "type", documentType));
  }

  /**
   * {@code governance.propose} of kind {@code add-validator}, by an organisation's admin:
   * {@code peerAddress} ({@code host:port}) is where the validators will dial the new validator,
   * kept by the ledger once the vote passes (docs/governance.md, "Reaching a voted-in validator").
   * IllegalArgumentException, naming it, for an address the ledger would refuse.
   */
  public Transaction proposeValidator(String organisation, String validator, String nodeCertificatePem,
      String encryptionKeyCertificateHex, String peerAddress) {
    org.medledger.core.governance.ValidatorAddresses.parse(peerAddress);
    return build("governance", "propose", Map.of("kind", "add-validator", "organisation", organisation, "validator",
        validator, "nodeCertificate", nodeCertificatePem, "encryptionKeyCertificate", encryptionKeyCertificateHex,
        org.medledger.core.governance.ValidatorAddresses.TERM, peerAddress));
  }

  /** Registers this identity's own certificate on the ledger. */
  public Transaction registerSelf() {
    return build("membership", "register", Map.of("certificate", identity.certificatePem()));
  }
}
