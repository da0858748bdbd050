package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptQr;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Names;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/**
 * The credentials part of the demo (issue 16, "Both"): the board (the demo's regulator, its
 * inspector) licenses dr-wang and dr-chen and enforces {@code break-glass} and {@code
 * record-care}; dr-chen breaks the glass while licensed, her licence is suspended, and her next
 * emergency read is refused by her node with the gate's reason; dr-wang's credential, as the
 * compact text a QR code carries, is written to the data folder and verified offline against the
 * genesis, and dr-chen's, suspended, is not. Everything goes through the routes, the SDK and the
 * verifier a deployment uses.
 */
final class CredentialsDemoChapter implements DemoChapter {
  static final String WANG_LICENCE = "MB-1001";
  static final String CHEN_LICENCE = "MB-1002";
  static final String QR_PNG = "sample-credential-qr.png";
  static final String QR_TEXT = "sample-credential-qr.txt";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;

  private DemoStage stage;
  private PrintStream out;

  @Override
  public String title() {
    return "credentials";
  }

  /**
   * After insurance (25): health's break-glass reads (20) and insurance's claims played under
   * the rules of a network that enforces no scope, and the board enforces only {@code break-glass}
   * and {@code record-care}, which no later chapter but care (27, by a licensed dr-wang) needs.
   */
  @Override
  public int storyOrder() {
    return 26;
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // the licences are on the ledger already: issuing them again would be refused (already_issued)
    }
    this.stage = stage;
    this.out = stage.out();
    String apiA = stage.apiUrls().get(0);
    String apiB = stage.apiUrls().get(1);
    MedLedgerClient board = client("inspector", apiA);
    out.println("credentials:");

    long today = System.currentTimeMillis() / DAY * DAY;
    SignedCredential wang = license(board, "dr-wang", WANG_LICENCE, "Orthopaedic surgery",
        List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS, Scope.SIGN_CLAIMS, Scope.RECORD_CARE), today);
    SignedCredential chen = license(board, "dr-chen", CHEN_LICENCE, "Emergency medicine",
        List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS, Scope.RECORD_CARE), today);
    for (Scope scope : List.of(Scope.BREAK_GLASS, Scope.RECORD_CARE)) {
      JsonNode r = board.post("v1/credentials/enforce", body(tx("inspector", "enforce", Map.of("scope", scope.wireName()))));
      say("the board enforces '" + scope.wireName() + "': from this block on the ledger requires a credential with it", r);
    }

    breakGlassUntilSuspended(board, client("dr-wang", apiA), client("dr-chen", apiB));
    compactCredential(board, wang, chen);
  }

  /** The board's inspector signs the W3C credential and its {@code credentials.issue}; the node checks they agree. */
  private SignedCredential license(MedLedgerClient board, String clinician, String licence, String specialty, List<Scope> scopes,
      long today) {
    ClientIdentity inspector = stage.identities().get("inspector");
    ClientIdentity holder = stage.identities().get(clinician);
    ClinicianCredential claims = new ClinicianCredential(stage.chainId(), Names.organisation(inspector.certificate()), licence,
        holder.certificateId(), Names.organisation(holder.certificate()), "Physician", List.of(specialty), scopes, today - DAY,
        today + 365 * DAY);
    SignedCredential signed = SignedCredential.sign(claims, stage.suite(), inspector.signer(), inspector.certificateId(),
        System.currentTimeMillis());
    Map<String, String> args = new LinkedHashMap<>();
    args.put("licence", licence);
    args.put("holder", claims.holder().hex());
    args.put("profession", claims.profession());
    args.put("specialties", specialty);
    args.put("scopes", Scope.wireNames(claims.scopes()));
    args.put("validFrom", Long.toString(claims.validFrom()));
    args.put("validUntil", Long.toString(claims.validUntil()));
    args.put("document", signed.hash(stage.suite()).hex());
    ObjectNode body = body(tx("inspector", "issue", args));
    body.set("credential", signed.document());
    say("the board (regulator's inspector) licenses " + clinician + " of " + claims.holderOrganisation() + ": " + licence + ", "
        + specialty + ", scope " + Scope.wireNames(claims.scopes()) + ", a year (a W3C VC 2.0 credential with its "
        + signed.document().path("proof").path("cryptosuite").asText() + " proof; the ledger keeps its hash)",
        board.post("v1/credentials", body));
    return signed;
  }

  /**
   * Dr-wang stores patient-1's ECG, which no consent of hers lets hospital-b read; dr-chen breaks
   * the glass for it: served while her licence stands; once the board suspends it, her node
   * refuses the same read with the gate's code, and the read is logged as refused.
   */
  private void breakGlassUntilSuspended(MedLedgerClient board, MedLedgerClient wang, MedLedgerClient chen) throws Exception {
    ClientIdentity p1 = stage.identities().get("patient-1");
    String pid = PatientId.of(stage.suite().hash(), p1.certificate().getPublicKey().getEncoded()).toString();
    String ecg = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"12-lead ECG\"},"
        + "\"subject\":{\"reference\":\"Patient/" + pid + "\"},\"valueString\":\"sinus rhythm, 72/min\"}";
    String record = wang.storeRecord(pid, "cardiology", ecg.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/fhir+json").get("record").asText();
    out.println("  dr-wang stores patient-1's ECG (FHIR Observation, category cardiology, which no consent of hers covers):"
        + " record " + record.substring(0, 16) + "…");
    byte[] served = firstRead(chen, record);
    out.println("  dr-chen (hospital-b), licensed for break-glass, breaks the glass for patient-1's ECG: served, " + served.length
        + " bytes");
    JsonNode suspended = board.post("v1/credentials/regulator/" + CHEN_LICENCE + "/suspend", body(tx("inspector", "suspend",
        Map.of("issuer", "regulator", "licence", CHEN_LICENCE, "reason", "complaint under review"))));
    say("the board suspends dr-chen's licence " + CHEN_LICENCE + " ('complaint under review')", suspended);
    try {
      chen.recordContent(record, "ETREAT", "collapsed in A&E");
      throw new IllegalStateException("dr-chen's break-glass read was served while her licence is suspended");
    } catch (ApiException e) {
      out.println("  dr-chen breaks the glass for it again: refused by her node, " + e.getMessage());
    }
  }

  /**
   * Her node may not have applied the block that stored the record yet (404), nor the custodian
   * wrapped its key for hospital-b (409): a few seconds at most, as health's first reads wait.
   */
  private static byte[] firstRead(MedLedgerClient chen, String record) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        return chen.recordContent(record, "ETREAT", "collapsed in A&E");
      } catch (ApiException e) {
        if ((e.status() != 404 && e.status() != 409) || i >= 100) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * Dr-wang's presentation (his credential, the inspector's certificate, the ledger's status
   * snapshot) as the compact text of one QR code; an image when it fits a version-40 code, read
   * back as a phone would. Both are checked offline with the genesis alone, then dr-chen's.
   */
  private void compactCredential(MedLedgerClient board, SignedCredential wang, SignedCredential chen) throws Exception {
    CredentialVerifier verifier = new CredentialVerifier(GenesisJson.read(Files.readString(stage.genesisFile())));
    String text = CredentialQr.text(presentation(board, wang));
    Path textFile = stage.dataDir().resolve(QR_TEXT);
    Files.writeString(textFile, text + "\n");
    Optional<ErrorCorrectionLevel> level = fittingLevel(text);
    String scanned = text;
    if (level.isPresent()) {
      Path png = stage.dataDir().resolve(QR_PNG);
      Files.write(png, qrPng(text, level.get()));
      scanned = ReceiptQr.readText(Files.readAllBytes(png));
      out.println("  dr-wang's credential as one QR code (" + text.length() + " characters, error correction "
          + level.get() + "): " + png + "; its text also in " + textFile);
    } else {
      out.println("  dr-wang's credential as a QR code's text: " + text.length() + " characters, more than a version-40 code"
          + " holds (2,953 bytes at error correction L), so no image: the text is in " + textFile);
    }
    CredentialVerdict ok = CredentialQr.verify(verifier, scanned, System.currentTimeMillis(),
        CredentialVerifier.DEFAULT_MAX_AGE_MILLIS);
    out.println("    checked offline, the genesis alone" + (level.isPresent() ? ", as scanned from the image" : "") + ": "
        + ok.line());
    CredentialVerdict suspended = CredentialQr.verify(verifier, CredentialQr.text(presentation(board, chen)),
        System.currentTimeMillis(), CredentialVerifier.DEFAULT_MAX_AGE_MILLIS);
    out.println("    dr-chen's, with a fresh status snapshot: " + suspended.line());
    if (!ok.valid() || suspended.valid()) {
      throw new IllegalStateException("the offline check disagrees with the ledger: dr-wang " + ok.line() + "; dr-chen "
          + suspended.line());
    }
    out.println("    check it yourself: medledger credential verify " + textFile + " --genesis " + stage.genesisFile());
  }

  /** The credential with the inspector's certificate and a status snapshot fresh from the node (public, no sign-in). */
  private CredentialPresentation presentation(MedLedgerClient board, SignedCredential c) {
    JsonNode snapshot = board.get("v1/credentials/" + c.claims().issuer() + "/" + c.claims().licence() + "/snapshot");
    return CredentialPresentation.of(c, stage.identities().get("inspector").certificatePem(), snapshot);
  }

  /**
   * The strongest error correction at which the text fits one QR code (version 40 at most), if
   * any. A code's text is ASCII, zxing's default byte encoding as it is: naming UTF-8 would add an
   * ECI header and cost the last bytes of a full code.
   */
  static Optional<ErrorCorrectionLevel> fittingLevel(String text) {
    for (ErrorCorrectionLevel level : List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.L)) {
      try {
        Encoder.encode(text, level);
        return Optional.of(level);
      } catch (WriterException tooBig) {
        // zxing says "Data too big" past version 40: try the next, weaker level.
      }
    }
    return Optional.empty();
  }

  /** A code of 177 modules at most with its quiet zone, four pixels a module: about 740 pixels square. */
  static byte[] qrPng(String text, ErrorCorrectionLevel level) throws Exception {
    BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 740, 740, Map.of(EncodeHintType.ERROR_CORRECTION,
        level, EncodeHintType.MARGIN, 4));
    BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        img.setRGB(x, y, m.get(x, y) ? 0xff000000 : 0xffffffff);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    return png.toByteArray();
  }

  private void say(String what, JsonNode reply) {
    JsonNode o = reply.path("outcome");
    if (!o.path("success").asBoolean()) {
      throw new IllegalStateException(what + ": refused by contract (" + o.path("code").asText() + ": "
          + o.path("message").asText() + ")");
    }
    out.println("  " + what + ": committed at height " + reply.path("height").asText());
  }

  private MedLedgerClient client(String user, String api) {
    ClientIdentity id = stage.identities().get(user);
    // A health read carries the reader's own signed request (issue 20 finding 2).
    return new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get(user)).signingReadsAs(id.certificateId(),
        id.signer());
  }

  private org.medledger.core.tx.Transaction tx(String user, String method, Map<String, String> args) {
    return new TransactionBuilder(stage.identities().get(user), stage.chainId(), Clock.systemUTC()).build("credentials", method,
        args);
  }

  private static ObjectNode body(org.medledger.core.tx.Transaction tx) {
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }
}
