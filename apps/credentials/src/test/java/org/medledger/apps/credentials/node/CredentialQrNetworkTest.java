package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialFailure;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialQrImage;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.NodeKeys;
import org.medledger.node.RunningValidators;
import picocli.CommandLine;

/**
 * Issue 16 item 2 with the demo's network, four real validators: a medical board's registrar
 * licenses dr-li, and her presentation, with a status snapshot whose header carries the
 * validators' seals, goes into one QR code image and back through zxing's reader, then verifies
 * with the genesis alone. A code with one character changed, an image with a region of modules
 * flipped, the first text form and a check page's link each get their answer.
 */
class CredentialQrNetworkTest {
  private static final long DAY = 86_400_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;
  private RunningValidators running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aPresentationSealedByFourValidatorsFitsOneQrCodeAndVerifiesFromTheImageWithNoNetwork() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    running = RunningValidators.start(net);
    BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
    BftTestNetwork.Member registrar = net.member(3, "registrar", Role.REGULATOR);
    running.commit(net.register(li));
    running.commit(net.register(registrar));
    long today = System.currentTimeMillis() / DAY * DAY;
    ClinicianCredential claims = new ClinicianCredential(net.genesis.chainId(), "org-3", "MB-1001", li.id(), "org-1",
        "Physician", List.of("Emergency medicine"), List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS), today - DAY,
        today + 365 * DAY);
    SignedCredential c = SignedCredential.sign(claims, net.suite, registrar.signer(), registrar.id(),
        System.currentTimeMillis());
    running.commit(net.tx(registrar, "credentials", "issue", "licence", "MB-1001", "holder", li.id().hex(), "profession",
        "Physician", "specialties", "Emergency medicine", "scopes", Scope.wireNames(claims.scopes()), "validFrom",
        Long.toString(claims.validFrom()), "validUntil", Long.toString(claims.validUntil()), "document",
        c.hash(net.suite).hex()));
    JsonNode snapshot = new MedLedgerClient("http://127.0.0.1:" + running.node(0).apiPort())
        .get("v1/credentials/org-3/MB-1001/snapshot");
    int quorumSeals = snapshot.path("signedHeader").path("certificate").path("seals").size();
    assertThat(quorumSeals).as("the snapshot's header is sealed by a quorum of the four").isGreaterThanOrEqualTo(3);
    CredentialPresentation quorum = CredentialPresentation.of(c, Pem.certificate(registrar.certificate()), snapshot);
    CredentialPresentation p = CredentialPresentation.of(c, Pem.certificate(registrar.certificate()),
        withEveryValidatorsSeal(net, snapshot));
    int seals = p.status().path("signedHeader").path("certificate").path("seals").size();
    // Nothing below reaches a node: the verifier holds the genesis alone.
    running.close();
    running = null;
    CredentialVerifier verifier = new CredentialVerifier(net.genesis);
    long now = System.currentTimeMillis();

    String text = CredentialQr.text(p);
    CredentialQrImage.Rendered code = CredentialQrImage.render(text);
    System.out.println("credential QR code (" + seals + " of 4 validators' seals): " + code.describe() + ", payload "
        + CredentialQr.payloadBytes(text) + " bytes; first form "
        + CredentialQr.firstFormText(p).length() + " characters; as the node sealed it (" + quorumSeals + " seals): "
        + CredentialQrImage.render(CredentialQr.text(quorum)).describe());
    assertThat(seals).isEqualTo(4);
    assertThat(CredentialQr.verify(verifier, CredentialQr.text(quorum), now, DAY).valid()).isTrue();
    assertThat(text).startsWith("MLCRED2:").matches("[0-9A-Z $%*+\\-./:]+");
    assertThat(code.version()).isBetween(1, 40);
    assertThat(code.level()).isEqualTo("M");
    assertThat(CredentialQrImage.read(code.png())).isEqualTo(text);
    CredentialVerdict fromImage = CredentialQrImage.verify(verifier, code.png(), now, DAY);
    assertThat(fromImage.valid()).as(fromImage.line()).isTrue();
    assertThat(fromImage.line()).startsWith("VALID Physician licence MB-1001 of org-3");

    // One character changed (at either end of the Base45 alphabet, so it differs) and drawn again.
    char[] chars = text.toCharArray();
    int at = text.length() / 2;
    chars[at] = chars[at] == '0' ? ':' : '0';
    CredentialQrImage.Rendered tampered = CredentialQrImage.render(new String(chars));
    CredentialVerdict changed = CredentialQrImage.verify(verifier, tampered.png(), now, DAY);
    assertThat(changed.failure()).as(changed.line()).isPresent();

    // Untrusted input: any one character changed gets a verdict, never an exception, and is refused
    // unless it still reads as the very same presentation (a change in the last byte's unused DEFLATE bits).
    java.util.Random seeded = new java.util.Random(45);
    String original = CredentialQr.presentationJson(text);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      char[] mutated = text.toCharArray();
      int where = "MLCRED2:".length() + seeded.nextInt(text.length() - "MLCRED2:".length());
      char was = mutated[where];
      do {
        mutated[where] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".charAt(seeded.nextInt(45));
      } while (mutated[where] == was);
      CredentialVerdict v = CredentialQr.verify(verifier, new String(mutated), now, DAY);
      assertThat(v.line()).isNotBlank();
      if (v.valid()) {
        assertThat(CredentialQr.presentationJson(new String(mutated))).as("a changed code accepted").isEqualTo(original);
      } else {
        refused++;
      }
    }
    System.out.println("one-character changes of the code refused: " + refused + " of 300");
    assertThat(refused).isGreaterThan(290);

    flippedModulesAreCorrectedOrUnreadableNeverAnotherPresentation(code, text, verifier, now);

    // The first form still reads; a check page's link carries the code in its fragment, even upper-cased.
    assertThat(CredentialQr.verify(verifier, CredentialQr.firstFormText(p), now, DAY).valid()).isTrue();
    String link = CredentialQr.link("https://portal.example/credentials/check", p);
    CredentialQrImage.Rendered linked = CredentialQrImage.render(link);
    System.out.println("credential check link as a QR code: " + linked.describe());
    assertThat(CredentialQrImage.verify(verifier, linked.png(), now, DAY).valid()).isTrue();
    assertThat(CredentialQr.verify(verifier, link.toUpperCase(java.util.Locale.ROOT), now, DAY).valid()).isTrue();
    assertThat(CredentialQr.verify(verifier, link.substring(link.indexOf('#')), now, DAY).valid())
        .as("a browser's location.hash").isTrue();
    assertThat(CredentialQr.verify(verifier, "https://portal.example/credentials/check#MLCRED2:%G0", now, DAY).line())
        .startsWith("INVALID unreadable: the link's fragment has a '%'");

    theCommandsWriteTheCodeAndVerifyItsImage(p, net);
  }

  /**
   * The snapshot at its largest: a node's certificate carries the quorum whose seals came first
   * (three of four), so the validators missing from it seal the same commit message with their
   * own node keys, as they would have had their seals arrived in time. The verifier checks every
   * seal, so this is a certificate the network could have produced, not a stand-in.
   */
  private static JsonNode withEveryValidatorsSeal(BftTestNetwork net, JsonNode snapshot) throws Exception {
    SignedHeader sh = SignedHeader.decode(Hex.decode(snapshot.path("signedHeader").path("encoded").asText()));
    CommitCertificate cert = sh.certificate();
    List<CommitSeal> seals = new ArrayList<>(cert.seals());
    byte[] message = CommitCertificate.commitMessage(net.genesis.signingChainId(), sh.header().height(), cert.round(),
        sh.header().hash(net.suite.hash()));
    for (var config : net.configs) {
      NodeKeys k = NodeKeys.load(net.suite, config.certificate(), config.privateKey());
      if (seals.stream().noneMatch(s -> s.validator().equals(k.certificateId()))) {
        seals.add(new CommitSeal(k.certificateId(), k.signer().sign(message)));
      }
    }
    SignedHeader all = new SignedHeader(sh.header(), new CommitCertificate(cert.round(), seals));
    ObjectNode receipt = snapshot.deepCopy();
    receipt.set("signedHeader", JSON.readTree(JSON.writeValueAsBytes(ReceiptDocuments.signedHeader(all, net.suite.hash()))));
    return receipt;
  }

  /**
   * Reed–Solomon either repairs a damaged region (the same text, still valid) or gives up (no text
   * at all): a scanner never reads a different presentation out of a smudge. Growing squares of
   * flipped modules in the lower right, away from the finder patterns, show both.
   */
  private void flippedModulesAreCorrectedOrUnreadableNeverAnotherPresentation(CredentialQrImage.Rendered code, String text,
      CredentialVerifier verifier, long now) throws Exception {
    BufferedImage original = ImageIO.read(new ByteArrayInputStream(code.png()));
    int module = 4;
    int modules = original.getWidth() / module;
    boolean repaired = false;
    boolean unreadable = false;
    for (int side = 2; side <= 128 && !(repaired && unreadable); side *= 2) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(code.png()));
      int from = modules - 4 - 12 - side;
      for (int my = from; my < from + side; my++) {
        for (int mx = from; mx < from + side; mx++) {
          for (int y = my * module; y < (my + 1) * module; y++) {
            for (int x = mx * module; x < (mx + 1) * module; x++) {
              img.setRGB(x, y, (img.getRGB(x, y) & 0xffffff) == 0 ? 0xffffffff : 0xff000000);
            }
          }
        }
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      CredentialVerdict v = CredentialQrImage.verify(verifier, png.toByteArray(), now, DAY);
      if (v.valid()) {
        assertThat(CredentialQrImage.read(png.toByteArray())).isEqualTo(text);
        repaired = true;
      } else {
        assertThat(v.failure()).as("%d×%d modules flipped: %s", side, side, v.line()).contains(CredentialFailure.UNREADABLE);
        unreadable = true;
      }
    }
    assertThat(repaired).as("a small flipped region is repaired").isTrue();
    assertThat(unreadable).as("a large flipped region is unreadable").isTrue();
  }

  private void theCommandsWriteTheCodeAndVerifyItsImage(CredentialPresentation p, BftTestNetwork net) throws Exception {
    Path file = dir.resolve("dr-li.json");
    Files.writeString(file, p.toJson().toString());
    Path png = dir.resolve("dr-li.png");
    Path genesis = dir.resolve("genesis.json");
    CommandLine cli = new CommandLine(new CredentialCommand());
    PrintStream was = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int written;
    int verified;
    int blank;
    try {
      written = cli.execute("qr", file.toString(), "--out", png.toString(), "--link", "https://portal.example/credentials/check",
          "--text", dir.resolve("dr-li-link.txt").toString());
      verified = cli.execute("verify", png.toString(), "--genesis", genesis.toString())
          + cli.execute("verify", dir.resolve("dr-li-link.txt").toString(), "--genesis", genesis.toString());
      BufferedImage white = new BufferedImage(200, 200, BufferedImage.TYPE_BYTE_GRAY);
      ImageIO.write(white, "png", dir.resolve("blank.png").toFile());
      blank = cli.execute("verify", dir.resolve("blank.png").toString(), "--genesis", genesis.toString());
    } finally {
      System.setOut(was);
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(written).as(out).isZero();
    assertThat(out).contains("credential code: QR version").contains("error correction M").contains("bytes of deflated presentation");
    assertThat(verified).as(out).isZero();
    assertThat(out.split("VALID Physician licence MB-1001 of org-3", -1)).as(out).hasSize(3);
    assertThat(blank).isEqualTo(1);
    assertThat(out).contains("INVALID unreadable: no readable QR code in the image");
  }
}
