package org.medledger.core.receipt;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.TrustAnchors;

/**
 * The check a receipt makes of its transaction's signature, offline. A transaction's id covers
 * every field but the signature (docs/format.md, "Transaction"), so the log and the header prove
 * the request and its outcome, not who signed it; a receipt therefore carries the sender's
 * certificate, and a verifier checks that it is the sender's (its id is the transaction's sender),
 * that it chains to a genesis organisation's CA and was valid at the transaction's time (against
 * the genesis revocations: revocations made later on the ledger were checked by the ledger when it
 * ran the transaction, and a revoked sender's transaction fails with {@code revoked_sender}), and
 * that the signature verifies with its key.
 *
 * <p>A sender whose certificate no genesis CA vouches for (a user of an organisation voted in
 * later, or of one whose CA was rotated) is checked against the member organisations the ledger
 * held after the block that includes the transaction instead: the receipt then carries that
 * list's state proof with that block's header ({@link SenderMembership}), which must lead to the
 * sealed header's state root before its CAs are trusted.
 */
public final class SenderSignature {
  private final Genesis genesis;
  private final TrustAnchors anchors;
  private final Membership membership;
  private final Set<Hash> revokedAtGenesis = new TreeSet<>();

  public SenderSignature(Genesis genesis) {
    this.genesis = genesis;
    this.membership = new Membership(genesis);
    this.anchors = membership.anchors();
    genesis.revokedCertificates().forEach(r -> revokedAtGenesis.add(Hash.fromHex(r)));
  }

  /** What is wrong with {@code tx}'s signature given the certificate a receipt carries (DER, or null); empty when it is the sender's. */
  public Optional<String> problem(Transaction tx, byte[] senderCertificate) {
    return problem(tx, senderCertificate, null);
  }

  /**
   * Like {@link #problem(Transaction, byte[])}, with the receipt's proof of the member
   * organisations ({@code senderMembership}, or null), whose header's seals the caller has checked.
   */
  public Optional<String> problem(Transaction tx, byte[] senderCertificate, SenderMembership senderMembership) {
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
    if (senderMembership != null) {
      if (check instanceof CertificateCheck.Valid) {
        return Optional.of("senderMembership is given, but a genesis CA already vouches for the sender's certificate:"
            + " a receipt carries it only for a sender the genesis's CAs do not");
      }
      BlockHeader header = senderMembership.header().header();
      String unproven = membershipProblem(senderMembership.proof(), header);
      if (unproven != null) {
        return Optional.of("senderMembership: " + unproven);
      }
      TrustAnchors proven = membership.anchorsOf(LedgerOrganisations.decode(senderMembership.proof().value()));
      check = proven.check(cert, id, tx.timestamp(), revokedAtGenesis::contains);
      if (check instanceof CertificateCheck.Invalid bad) {
        return Optional.of("the sender's certificate, against the member organisations the ledger held after block "
            + header.height() + ": " + bad.reason());
      }
    }
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

  /** Why the proof does not show the member organisations after {@code header}'s block; null when it does. */
  private String membershipProblem(StateProof proof, BlockHeader header) {
    if (genesis.governance().isEmpty()) {
      return "the genesis has no 'governance' field, so its organisations never change";
    }
    if (!Arrays.equals(proof.key(), LedgerOrganisations.fullKey())) {
      return "it proves another state key than " + LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY
          + ", the ledger's list of member organisations";
    }
    if (!proof.present()) {
      return "the state of block " + header.height() + " is shown holding no list of member organisations"
          + " (the genesis's are the members, and none of their CAs vouches for the sender)";
    }
    Optional<String> leads = proof.problem(genesis.cryptoSuite().hash(), header.stateRoot());
    if (leads.isPresent()) {
      return "the state proof does not lead to block " + header.height() + "'s state root: " + leads.get();
    }
    try {
      membership.anchorsOf(LedgerOrganisations.decode(proof.value()));
    } catch (RuntimeException e) {
      return "the proven value is not a list of member organisations: " + e.getMessage();
    }
    return null;
  }

  /**
   * Whether a receipt of {@code tx} needs {@code senderMembership}: the chain is governed and no
   * genesis CA vouches for the sender's certificate (DER) at the transaction's time.
   */
  public boolean needsMembershipProof(Transaction tx, byte[] senderCertificate) {
    if (genesis.governance().isEmpty() || senderCertificate == null) {
      return false;
    }
    X509Certificate cert;
    try {
      cert = Pem.parseCertificate(senderCertificate);
    } catch (RuntimeException e) {
      return false;
    }
    Hash id = CertificateId.of(genesis.cryptoSuite().hash(), cert);
    return id.equals(tx.sender())
        && anchors.check(cert, id, tx.timestamp(), revokedAtGenesis::contains) instanceof CertificateCheck.Invalid;
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
