package org.medledger.apps.credentials.node;

import java.util.Optional;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.ProofException;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Whether a signed credential document and the transaction that puts it on the ledger say the
 * same thing: the ledger keeps only the transaction's fields and the document's hash, so a node
 * submits an {@code issue} or {@code renew} only when its sender signed the document, for this
 * chain, with the very claims the transaction carries.
 */
public final class IssuedDocument {
  private IssuedDocument() {}

  /** What disagrees, in words; empty when document and transaction agree. */
  public static Optional<String> problem(Genesis genesis, SignedCredential credential, Transaction tx, MemberCertificate sender) {
    CryptoSuite suite = genesis.cryptoSuite();
    ClinicianCredential c = credential.claims();
    if (!c.chainId().equals(genesis.chainId())) {
      return Optional.of("the credential names chain " + c.chainId() + ", not " + genesis.chainId());
    }
    if (!c.issuer().equals(sender.organisation())) {
      return Optional.of("the credential's issuer is " + c.issuer() + ", but the transaction is signed by a member of "
          + sender.organisation());
    }
    if (!credential.issuerCertificate().equals(tx.sender())) {
      return Optional.of("the credential's proof names certificate " + credential.issuerCertificate()
          + ", not the transaction's sender " + tx.sender());
    }
    try {
      credential.verifyProof(suite, sender.publicKey());
    } catch (ProofException e) {
      return Optional.of("the credential's proof: " + e.getMessage());
    }
    String document = credential.hash(suite).hex();
    String[][] expected = "issue".equals(tx.method()) ? new String[][] {
        {"licence", c.licence()}, {"holder", c.holder().hex()}, {"profession", c.profession()},
        {"scopes", Scope.wireNames(c.scopes())}, {"validFrom", Long.toString(c.validFrom())},
        {"validUntil", Long.toString(c.validUntil())}, {"document", document}}
        : new String[][] {{"issuer", c.issuer()}, {"licence", c.licence()}, {"validUntil", Long.toString(c.validUntil())},
            {"document", document}};
    for (String[] e : expected) {
      String given = tx.args().get(e[0]).orElse("");
      if (!given.equals(e[1])) {
        return Optional.of("transaction argument " + e[0] + " is '" + given + "', but the credential says '" + e[1] + "'");
      }
    }
    if ("issue".equals(tx.method())) {
      String specialties = String.join(";", c.specialties());
      String given = tx.args().get("specialties").orElse("");
      if (!given.equals(specialties)) {
        return Optional.of("transaction argument specialties is '" + given + "', but the credential says '" + specialties + "'");
      }
    }
    return Optional.empty();
  }
}
