package org.medledger.core.receipt;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * The check a receipt makes of its transaction's signature, offline. A transaction's id covers
 * every field but the signature (docs/format.md, "Transaction"), so the log and the header prove
 * the request and its outcome, not who signed it; a receipt therefore carries the sender's
 * certificate, and a verifier checks that it is the sender's (its id is the transaction's sender),
 * that it chains to a genesis organisation's CA and was valid at the transaction's time (against
 * the genesis revocations: revocations made later on the ledger were checked by the ledger when it
 * ran the transaction, and a revoked sender's transaction fails with {@code revoked_sender}), and
 * that the signature verifies with its key.
 */
public final class SenderSignature {
  private final Genesis genesis;
  private final org.medledger.crypto.x509.TrustAnchors anchors;
  private final Set<Hash> revokedAtGenesis = new TreeSet<>();

  public SenderSignature(Genesis genesis) {
    this.genesis = genesis;
    this.anchors = new Membership(genesis).anchors();
    genesis.revokedCertificates().forEach(r -> revokedAtGenesis.add(Hash.fromHex(r)));
  }

  /** What is wrong with {@code tx}'s signature given the certificate a receipt carries (DER, or null); empty when it is the sender's. */
  public Optional<String> problem(Transaction tx, byte[] senderCertificate) {
    if (senderCertificate == null) {
      return Optional.of("the receipt carries no certificate of the sender " + tx.sender() + ", so its signature cannot be checked");
    }
    X509Certificate cert;
    try {
      cert = Pem.parseCertificate(senderCertificate);
    } catch (RuntimeException e) {
      return Optional.of("senderCertificate is not an X.509 certificate: " + e.getMessage());
    }
    Hash id = CertificateId.of(genesis.cryptoSuite().hash(), cert);
    if (!id.equals(tx.sender())) {
      return Optional.of("senderCertificate (id " + id + ") is not the transaction's sender " + tx.sender());
    }
    CertificateCheck check = anchors.check(cert, id, tx.timestamp(), revokedAtGenesis::contains);
    if (check instanceof CertificateCheck.Invalid bad) {
      return Optional.of("the sender's certificate: " + bad.reason());
    }
    boolean verifies;
    try {
      verifies = genesis.cryptoSuite().signatures().verifier(cert.getPublicKey()).verify(tx.payloadBytes(), tx.signature());
    } catch (RuntimeException e) {
      verifies = false;
    }
    return verifies ? Optional.empty()
        : Optional.of("the transaction's signature does not verify with its sender's certificate key");
  }

  /**
   * The sender's certificate (DER) a node puts in a receipt: a genesis validator's or one
   * registered on the ledger, or, for a self-registration, the one the transaction carries.
   */
  public static Optional<byte[]> certificateOf(Membership membership, StateReader state, Transaction tx) {
    Optional<X509Certificate> c = membership.certificate(state, tx.sender());
    if (c.isEmpty() && new LedgerCallerResolver(membership).isSelfRegistration(tx)) {
      c = Optional.of(Pem.parseCertificate(tx.args().get("certificate").orElseThrow()));
    }
    try {
      return c.isEmpty() ? Optional.empty() : Optional.of(c.get().getEncoded());
    } catch (CertificateEncodingException e) {
      return Optional.empty();
    }
  }
}
