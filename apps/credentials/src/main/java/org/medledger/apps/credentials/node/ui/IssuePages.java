package org.medledger.apps.credentials.node.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.node.IssuedDocument;
import org.medledger.apps.credentials.vc.Base58Btc;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.Cryptosuite;
import org.medledger.apps.credentials.vc.DataIntegrityProof;
import org.medledger.apps.credentials.vc.Jcs;
import org.medledger.apps.credentials.vc.ProofException;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The issuer issues a licence in three steps, each with her own key in her browser, as the CLI
 * does with her key file: the claims (holder, licence, profession, specialties, scopes, validity)
 * checked; the credential's Data Integrity proof, whose bytes her browser computes itself from the
 * document it shows ({@code sign-statement.js}, kind {@code credential}: JCS and SHA-256 of the proof options and of the
 * document) before signing them; then the {@code credentials.issue} transaction naming the signed
 * document's hash. The node submits it only when document and transaction agree ({@link
 * IssuedDocument}, the REST route's check); the page then gives her the signed document to hand
 * the clinician, and a link that checks it as a verifier would.
 */
public final class IssuePages {
  static final String ISSUE = CredentialsPortal.ROOT + "/issue";
  static final String PROOF = CredentialsPortal.ROOT + "/issue-proof";
  static final String TRANSACTION = CredentialsPortal.ROOT + "/issue-transaction";
  static final String SUBMIT = CredentialsPortal.ROOT + "/issue-submit";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;

  /** The form, with what was typed and the error next to its field when one was wrong. */
  public record Form(String organisation, String csrf, List<String> scopes, String today, String nextYear) {}

  /** The proof's signing page: the unsigned document and proof options her browser reads, and the bytes it must come to. */
  public record ProofReview(String csrf, List<String[]> facts, String document, String options, String bytesHex) {}

  private final CredentialsPortal portal;
  private final BrowserSignedTransactions signing;

  IssuePages(CredentialsPortal portal, BrowserSignedTransactions signing) {
    this.portal = portal;
    this.signing = signing;
  }

  void register(PortalPages ui) {
    ui.page(ISSUE, PortalPages.Access.MEMBER, this::form);
    ui.form(PROOF, PortalPages.Access.MEMBER, this::proof);
    ui.form(TRANSACTION, PortalPages.Access.MEMBER, this::transaction);
    ui.form(SUBMIT, PortalPages.Access.MEMBER, this::submit);
  }

  private PortalPage form(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "Issuing a licence");
    long today = portal.clock.millis() / DAY * DAY;
    return new PortalPage("Issue a licence", portal.templates.content("credentials/issue.jte", new Form(who.organisation(),
        PortalPages.csrfToken(ctx), java.util.Arrays.stream(Scope.values()).map(Scope::wireName).toList(),
        CredentialsPortal.day(today), CredentialsPortal.day(today + 365 * DAY))));
  }

  /** Step one: the claims checked, then the proof's bytes for her browser to compute, show and sign. */
  private PortalPage proof(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "Issuing a licence");
    ClinicianCredential claims = claims(ctx, who);
    ObjectNode options = proofOptions(who, Instant.ofEpochMilli(portal.clock.millis() / 1000 * 1000).toString());
    ObjectNode document = claims.toJson();
    byte[] bytes = DataIntegrityProof.hashData(portal.genesis.cryptoSuite(), document, options);
    List<String[]> facts = new ArrayList<>(List.of(new String[] {"Licence", claims.licence()},
        new String[] {"Holder", claims.holderOrganisation() + ", certificate " + claims.holder().hex()},
        new String[] {"Profession", claims.profession()},
        new String[] {"Scope of practice", Scope.wireNames(claims.scopes())},
        new String[] {"Valid", CredentialsPortal.day(claims.validFrom()) + " to "
            + CredentialsPortal.day(claims.validUntil())},
        new String[] {"Issued by", who.name() + " of " + who.organisation()}));
    if (!claims.specialties().isEmpty()) {
      facts.add(3, new String[] {"Specialties", String.join("; ", claims.specialties())});
    }
    return new PortalPage("Sign the credential", portal.templates.content("credentials/signProof.jte", new ProofReview(
        PortalPages.csrfToken(ctx), facts, text(document), text(options), Hex.encode(bytes))));
  }

  /** Step two: her proof checked with her registered key, then the issue transaction naming the signed document. */
  private PortalPage transaction(Context ctx, Optional<Identity> member) {
    Identity who = portal.issuer(member, "Issuing a licence");
    SignedCredential signed = signedDocument(ctx, who);
    ClinicianCredential k = signed.claims();
    TreeMap<String, String> args = new TreeMap<>();
    args.put("licence", k.licence());
    args.put("holder", k.holder().hex());
    args.put("profession", k.profession());
    if (!k.specialties().isEmpty()) {
      args.put("specialties", String.join(";", k.specialties()));
    }
    args.put("scopes", Scope.wireNames(k.scopes()));
    args.put("validFrom", Long.toString(k.validFrom()));
    args.put("validUntil", Long.toString(k.validUntil()));
    args.put("document", signed.hash(portal.genesis.cryptoSuite()).hex());
    List<String[]> facts = List.of(new String[] {"Licence", k.licence() + " (" + k.profession() + ")"},
        new String[] {"Holder", k.holderOrganisation() + ", certificate " + k.holder().hex()},
        new String[] {"Signed document", "hash " + args.get("document") + ": your proof verified with your registered key"},
        new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return new PortalPage("Sign the issue", portal.templates.content("credentials/sign.jte", new SignReview(
        "Sign: issue licence " + k.licence(), PortalPages.csrfToken(ctx), SUBMIT, ISSUE, facts,
        signing.payloadHex(who, "issue", args), List.<String[]>of(new String[] {"credential",
            new String(Jcs.canonical(signed.document()), java.nio.charset.StandardCharsets.UTF_8)}))));
  }

  /** Step three: her signed transaction, checked against the signed document as the REST route checks it, submitted. */
  private PortalPage submit(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = portal.issuer(member, "Issuing a licence");
    Transaction tx = signing.signedByHer(ctx, who, Set.of("issue"), "an issue of a credential");
    SignedCredential credential;
    try {
      credential = SignedCredential.parse(BrowserSignedTransactions.form(ctx, "credential"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the form's credential: " + e.getMessage());
    }
    IssuedDocument.problem(portal.genesis, credential, tx, sender(who)).ifPresent(p -> {
      throw new IllegalArgumentException(p + ". Nothing changed.");
    });
    BrowserSignedTransactions.Submitted submitted = signing.submit(tx, "the issue");
    String licence = credential.claims().licence();
    if (submitted instanceof BrowserSignedTransactions.NotYetCommitted late) {
      ctx.status(202);
      return new PortalPage("Not yet committed", portal.templates.content("credentials/done.jte", new IssuerPages.Done(
          "Not yet committed", "The issue of licence " + licence + " was accepted as transaction " + late.txId().hex()
              + " but not committed within " + late.waitedSeconds() + " s; open the list to see whether it was.", licence,
          who.organisation(), credential.json(), "")));
    }
    long height = ((BrowserSignedTransactions.Committed) submitted).height();
    return new PortalPage("Issued", portal.templates.content("credentials/done.jte", new IssuerPages.Done("Issued",
        "Licence " + licence + " issued to " + credential.claims().holderOrganisation() + " in block " + height + ".",
        licence,
        who.organisation(), credential.json(), CredentialQr.link(CredentialCheckPage.PATH, presentation(credential, who)))));
  }

  /** The claims the form names, checked as far as the node can before the ledger does. */
  private ClinicianCredential claims(Context ctx, Identity who) {
    String licence = BrowserSignedTransactions.form(ctx, "licence");
    if (licence.isEmpty()) {
      throw new IllegalArgumentException("licence: give the licence number");
    }
    if (CredentialsContract.find(portal.ledger.state(), who.organisation(), licence).isPresent()) {
      throw new IllegalArgumentException("licence: " + who.organisation() + " already issued licence "
          + IssuerPages.shorten(licence) + " (renew or change it instead)");
    }
    Hash holder;
    try {
      holder = Hash.fromHex(BrowserSignedTransactions.form(ctx, "holder").toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("holder: the clinician's certificate id is 64 hex characters");
    }
    CertificateCheck check = portal.membership.member(portal.ledger.state(), holder, portal.clock.millis());
    if (!(check instanceof CertificateCheck.Valid valid) || !"clinician".equals(valid.member().role().wireName())) {
      throw new IllegalArgumentException("holder: " + holder.hex() + " is no registered clinician's valid certificate"
          + (check instanceof CertificateCheck.Valid v ? " (it is a " + v.member().role().wireName() + "'s)" : ""));
    }
    String profession = BrowserSignedTransactions.form(ctx, "profession");
    if (profession.isEmpty()) {
      throw new IllegalArgumentException("profession: say which (e.g. Physician)");
    }
    List<String> specialties = BrowserSignedTransactions.form(ctx, "specialties").lines().map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
    List<String> scopeNames = ctx.formParams("scope");
    if (scopeNames.isEmpty()) {
      throw new IllegalArgumentException("scope of practice: tick at least one");
    }
    List<Scope> scopes;
    try {
      scopes = Scope.parseList(String.join(",", scopeNames));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scope of practice: " + e.getMessage());
    }
    long from = date(ctx, "validFrom", "valid from");
    long until = date(ctx, "validUntil", "valid until");
    if (until <= from || until <= portal.clock.millis()) {
      throw new IllegalArgumentException("valid until: must be after valid from and after today");
    }
    return new ClinicianCredential(portal.genesis.chainId(), who.organisation(), licence, holder,
        valid.member().organisation(), profession, specialties, scopes, from, until);
  }

  /** The document her browser signed: the form's unsigned document with her proof, which must verify with her key. */
  private SignedCredential signedDocument(Context ctx, Identity who) {
    ObjectNode document;
    try {
      document = (ObjectNode) JSON.readTree(BrowserSignedTransactions.form(ctx, "document"));
    } catch (java.io.IOException | ClassCastException e) {
      throw new IllegalArgumentException("the form's credential document is not a JSON object");
    }
    ClinicianCredential claims = ClinicianCredential.fromJson(document);
    if (!claims.issuer().equals(who.organisation()) || !claims.chainId().equals(portal.genesis.chainId())) {
      throw new IllegalArgumentException("the credential names issuer " + claims.issuer() + " on chain " + claims.chainId()
          + ", not " + who.organisation() + " on " + portal.genesis.chainId());
    }
    String created = BrowserSignedTransactions.form(ctx, "created");
    try {
      Instant.parse(created);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("the proof's created time '" + IssuerPages.shorten(created)
          + "' is not a dateTime");
    }
    byte[] signature = BrowserSignedTransactions.hex(BrowserSignedTransactions.form(ctx, "signature"), "proof signature");
    ObjectNode proof = proofOptions(who, created);
    proof.put("proofValue", Base58Btc.multibase(signature));
    ObjectNode signed = claims.toJson();
    signed.set("proof", proof);
    SignedCredential credential = new SignedCredential(signed, claims);
    try {
      credential.verifyProof(portal.genesis.cryptoSuite(), sender(who).publicKey());
    } catch (ProofException e) {
      throw new IllegalArgumentException("your signature of the credential does not verify with your registered key ("
          + e.getMessage() + "): sign it again with your own key file. Nothing changed.");
    }
    return credential;
  }

  /** The proof's options (vc-data-integrity §2.1): her certificate as the verification method. */
  private ObjectNode proofOptions(Identity who, String created) {
    ObjectNode options = JSON.createObjectNode();
    options.put("type", DataIntegrityProof.TYPE);
    options.put("cryptosuite", Cryptosuite.of(portal.genesis.cryptoSuite()).wireName());
    options.put("created", created);
    options.put("verificationMethod", ClinicianCredential.CERTIFICATE + who.certificateId().hex());
    options.put("proofPurpose", DataIntegrityProof.ASSERTION);
    return options;
  }

  private MemberCertificate sender(Identity who) {
    CertificateCheck check = portal.membership.member(portal.ledger.state(), who.certificateId(), portal.clock.millis());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw new IllegalArgumentException("your certificate: " + bad.reason());
    }
    return ((CertificateCheck.Valid) check).member();
  }

  /** The credential with the status snapshot at this node's head: what the clinician's QR code carries. */
  private CredentialPresentation presentation(SignedCredential credential, Identity who) {
    long height = portal.ledger.height();
    var proof = portal.ledger.stateProof(StateKeys.of(CredentialKeys.NAMESPACE,
        CredentialKeys.credential(credential.claims().issuer(), credential.claims().licence())), height).orElseThrow();
    var header = portal.ledger.signedHeader(height).orElseThrow();
    // As a client reads it from the snapshot route: JSON text parsed, so its numbers are the nodes a parser makes
    // (the code's binary form checks the receipt renders back to exactly these).
    com.fasterxml.jackson.databind.JsonNode snapshot;
    try {
      snapshot = JSON.readTree(JSON.writeValueAsString(ReceiptDocuments.stateReceipt(proof, header,
          portal.ledger.hashFunction(), portal.ledger.validatorTransitions(height))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the status snapshot could not be written as JSON", e);
    }
    String pem = Pem.certificate(portal.membership.certificate(portal.ledger.state(), who.certificateId()).orElseThrow());
    return CredentialPresentation.of(credential, pem, snapshot);
  }

  private static long date(Context ctx, String field, String label) {
    String v = BrowserSignedTransactions.form(ctx, field);
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(label + ": '" + IssuerPages.shorten(v) + "' is not a date like 2027-01-04");
    }
  }

  private static String text(ObjectNode node) {
    return node.toString();
  }
}
