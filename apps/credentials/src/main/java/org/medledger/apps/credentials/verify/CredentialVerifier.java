package org.medledger.apps.credentials.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.ProofException;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * Checks a clinician's credential offline, with the genesis alone (issue 16 item 2): the proof
 * by the issuer's key, that key's certificate against the genesis CAs and the genesis's licensing
 * authorities (organisations that may hold {@code regulator}), and the credential's status from
 * the snapshot the presentation carries: the ledger's state receipt of its record, whose commit
 * certificate {@link ReceiptVerifier} checks against the validators in force (2f+1 seals,
 * validator-set changes walked from the genesis). Every failure is one {@link CredentialFailure}.
 */
public final class CredentialVerifier {
  /** What a verifier accepts unless told otherwise: a snapshot of the last day. */
  public static final long DEFAULT_MAX_AGE_MILLIS = 86_400_000L;

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final Membership membership;
  private final ReceiptVerifier receipts;
  private final Set<Hash> revokedAtGenesis = new TreeSet<>();

  public CredentialVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.suite = genesis.cryptoSuite();
    this.membership = new Membership(genesis);
    this.receipts = new ReceiptVerifier(genesis);
    genesis.revokedCertificates().forEach(r -> revokedAtGenesis.add(Hash.fromHex(r)));
  }

  /** Checks a presentation (JSON text) at {@code nowMillis}, accepting a snapshot up to {@code maxAgeMillis} old. */
  public CredentialVerdict verify(String presentationJson, long nowMillis, long maxAgeMillis) {
    CredentialPresentation p;
    SignedCredential credential;
    try {
      p = CredentialPresentation.parse(presentationJson);
      credential = new SignedCredential((ObjectNode) p.credential(), ClinicianCredential.fromJson(p.credential()));
    } catch (IllegalArgumentException | ClassCastException e) {
      return CredentialVerdict.failed(CredentialFailure.UNREADABLE, e.getMessage(), null, -1, -1);
    }
    return verify(p, credential, nowMillis, maxAgeMillis);
  }

  private CredentialVerdict verify(CredentialPresentation p, SignedCredential credential, long now, long maxAge) {
    ClinicianCredential claims = credential.claims();
    if (!claims.chainId().equals(genesis.chainId())) {
      return CredentialVerdict.failed(CredentialFailure.UNKNOWN_ISSUER, "the credential is of chain " + claims.chainId()
          + ", not of this genesis's " + genesis.chainId(), claims, -1, -1);
    }
    // The proof's suite first: a gm proof shown to an intl verifier is unsupported, not forged.
    String named = credential.document().path("proof").path("cryptosuite").asText("");
    String expected = org.medledger.apps.credentials.vc.Cryptosuite.of(suite).wireName();
    if (!expected.equals(named)) {
      return CredentialVerdict.failed(CredentialFailure.UNSUPPORTED, "the proof's cryptosuite is '" + named + "'; a "
          + suite.id() + " network's credentials use " + expected, claims, -1, -1);
    }
    MemberCertificate issuer;
    try {
      issuer = issuer(p, credential);
    } catch (IllegalArgumentException e) {
      return CredentialVerdict.failed(CredentialFailure.UNKNOWN_ISSUER, e.getMessage(), claims, -1, -1);
    }
    try {
      credential.verifyProof(suite, issuer.publicKey());
    } catch (ProofException e) {
      return CredentialVerdict.failed(e.kind() == ProofException.Kind.UNSUPPORTED ? CredentialFailure.UNSUPPORTED
          : CredentialFailure.BAD_SIGNATURE, e.getMessage(), claims, -1, -1);
    }
    return status(p.status(), credential, now, maxAge);
  }

  /** The issuing member's certificate, if it is the proof's key and a licensing authority's at the proof's time. */
  private MemberCertificate issuer(CredentialPresentation p, SignedCredential credential) {
    X509Certificate cert;
    try {
      cert = Pem.parseCertificate(p.issuerCertificatePem());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("issuerCertificate is not an X.509 certificate: " + e.getMessage());
    }
    Hash id = CertificateId.of(suite.hash(), cert);
    Hash named = credential.issuerCertificate();
    if (!id.equals(named)) {
      throw new IllegalArgumentException("issuerCertificate (id " + id + ") is not the key the proof names (" + named + ")");
    }
    long created;
    try {
      created = Instant.parse(credential.document().path("proof").path("created").asText("")).toEpochMilli();
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("proof.created is not a dateTime");
    }
    CertificateCheck check = membership.anchors().check(cert, id, created, revokedAtGenesis::contains);
    if (check instanceof CertificateCheck.Invalid bad) {
      throw new IllegalArgumentException("the issuer's certificate at the proof's time: " + bad.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) check).member();
    String issuer = credential.claims().issuer();
    if (!m.organisation().equals(issuer)) {
      throw new IllegalArgumentException("the proof is by a member of " + m.organisation() + ", not of the issuer " + issuer);
    }
    boolean authority = genesis.organisation(issuer).map(o -> o.mayHold(Role.REGULATOR)).orElse(false);
    if (m.role() != Role.REGULATOR || !authority) {
      throw new IllegalArgumentException(m.name() + " of " + issuer + " is a " + m.role().wireName()
          + (authority ? "" : ", and the genesis does not let " + issuer + " hold the regulator role")
          + ": only a licensing authority's regulator issues credentials");
    }
    return m;
  }

  private CredentialVerdict status(JsonNode receipt, SignedCredential credential, long now, long maxAge) {
    ClinicianCredential claims = credential.claims();
    if (receipt == null || !receipt.isObject()) {
      return CredentialVerdict.failed(CredentialFailure.NO_STATUS, "the presentation carries no status snapshot", claims,
          -1, -1);
    }
    Verification v = receipts.verify(receipt);
    if (v instanceof Verification.Failed f) {
      return CredentialVerdict.failed(CredentialFailure.NO_STATUS, "the status snapshot does not verify against the"
          + " genesis (" + f.check() + "): " + f.reason(), claims, -1, -1);
    }
    byte[] key = StateKeys.of(CredentialKeys.NAMESPACE, CredentialKeys.credential(claims.issuer(), claims.licence()));
    if (!"state".equals(receipt.path("kind").asText()) || !Arrays.equals(Hex.decode(receipt.path("key").asText("")), key)) {
      return CredentialVerdict.failed(CredentialFailure.NO_STATUS, "the status snapshot is of another state key than "
          + CredentialKeys.NAMESPACE + "/" + CredentialKeys.credential(claims.issuer(), claims.licence()), claims, -1, -1);
    }
    SignedHeader sh = SignedHeader.decode(Hex.decode(receipt.path("signedHeader").path("encoded").asText()));
    long height = sh.header().height();
    long age = now - sh.header().timestamp();
    JsonNode value = receipt.get("value");
    if (value == null || value.isNull()) {
      return CredentialVerdict.failed(CredentialFailure.UNKNOWN_CREDENTIAL, "the ledger held no licence "
          + claims.licence() + " of " + claims.issuer() + " after block " + height, claims, height, age);
    }
    Credential onLedger = Credential.decode(Hex.decode(value.asText()));
    Hash document = credential.hash(suite);
    if (!onLedger.document().equals(document)) {
      return CredentialVerdict.failed(CredentialFailure.SUPERSEDED, "the ledger's document for licence " + claims.licence()
          + " is " + onLedger.document() + " (renewed " + onLedger.renewals() + " times), not this one (" + document + ")",
          claims, height, age);
    }
    String who = claims.profession() + " licence " + claims.licence() + " of " + claims.issuer() + " for "
        + claims.holderOrganisation() + " certificate " + claims.holder().hex().substring(0, 16) + "…";
    if (onLedger.status() == CredentialStatus.REVOKED) {
      return CredentialVerdict.failed(CredentialFailure.REVOKED, who + " was revoked at block " + onLedger.statusHeight()
          + ": " + onLedger.statusReason(), claims, height, age);
    }
    if (now >= onLedger.validUntil()) {
      return CredentialVerdict.failed(CredentialFailure.EXPIRED, who + " expired at " + Instant.ofEpochMilli(onLedger.validUntil()),
          claims, height, age);
    }
    if (now < onLedger.validFrom()) {
      return CredentialVerdict.failed(CredentialFailure.NOT_YET_VALID, who + " is valid from "
          + Instant.ofEpochMilli(onLedger.validFrom()), claims, height, age);
    }
    if (age > maxAge) {
      return CredentialVerdict.failed(CredentialFailure.STALE_STATUS, "the status snapshot is " + Durations.words(age)
          + " old, more than the " + Durations.words(maxAge) + " this verifier accepts: fetch a fresh one", claims, height, age);
    }
    if (onLedger.status() == CredentialStatus.SUSPENDED) {
      return CredentialVerdict.failed(CredentialFailure.SUSPENDED, who + " was suspended at block "
          + onLedger.statusHeight() + ": " + onLedger.statusReason(), claims, height, age);
    }
    return new CredentialVerdict(java.util.Optional.empty(), who + ", scope " + String.join(",",
        claims.scopes().stream().map(s -> s.wireName()).toList()) + ", valid until "
        + Instant.ofEpochMilli(onLedger.validUntil()), java.util.Optional.of(claims), height, age);
  }
}
