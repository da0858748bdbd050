package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialQrImage;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.apps.credentials.verify.Durations;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.application.ApiOptions;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger credential …} (docs/credentials.md, CLI): a licensing authority's member
 * issues, suspends, reinstates, revokes and renews; anyone refreshes a presentation's status
 * snapshot ({@code show}) and checks one offline ({@code verify}). A presentation file is what
 * the clinician carries: her signed credential, the issuer's certificate and a status snapshot.
 */
@Command(name = "credential", description = "Clinician credentials (issue 16): issue, suspend, reinstate, revoke, renew,"
    + " show (refresh the status snapshot), verify (offline), qr (one QR code), verification (primary-source verifications and their reuse).",
    subcommands = {CredentialCommand.Issue.class, CredentialCommand.Suspend.class, CredentialCommand.Reinstate.class,
        CredentialCommand.Revoke.class, CredentialCommand.Renew.class, CredentialCommand.Show.class,
        CredentialCommand.Verify.class, CredentialCommand.Qr.class, VerificationCommand.class})
final class CredentialCommand {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Prints {@code what committed at height H (transaction TX)}, or the refusal; exit code 0 or 1. */
  static int outcome(JsonNode r, String what) {
    return SignedCommand.outcome(r, c -> what + " committed at height " + c.path("height").asText() + " (transaction "
        + c.path("txId").asText() + ")");
  }

  static long day(String iso, String option) {
    try {
      return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(option + " '" + iso + "' is not a date like 2027-01-04");
    }
  }

  /** Writes a presentation with a status snapshot fresh from the node; prints the credential's standing. */
  static void refresh(MedLedgerClient client, SignedCredential c, String issuerPem, Path out) throws Exception {
    String path = "v1/credentials/" + c.claims().issuer() + "/" + c.claims().licence();
    JsonNode snapshot = client.get(path + "/snapshot");
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
        CredentialPresentation.of(c, issuerPem, snapshot).toJson()));
    JsonNode status = client.get(path);
    System.out.println("licence " + c.claims().licence() + " of " + c.claims().issuer() + ": " + status.path("standing").asText()
        + " at height " + status.path("height").asText() + "; presentation written to " + out);
  }

  @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a clinician a credential: signs the W3C VC"
      + " with your key, submits credentials.issue, writes her presentation file.")
  static final class Issue implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--holder-cert", required = true, description = "the clinician's cert.pem")
    Path holderCert;

    @Option(names = "--licence", required = true, description = "the licence number")
    String licence;

    @Option(names = "--profession", required = true, description = "e.g. Physician")
    String profession;

    @Option(names = "--specialty", description = "a specialty (repeat for several)")
    List<String> specialties = List.of();

    @Option(names = "--scope", required = true, split = ",", description = "prescribe, break-glass, sign-claims, record-care,"
        + " author-records (comma-separated or repeated)")
    List<String> scopes;

    @Option(names = "--valid-from", required = true, description = "first valid day, e.g. 2027-01-04 (UTC)")
    String validFrom;

    @Option(names = "--valid-until", required = true, description = "first day no longer valid (UTC)")
    String validUntil;

    @Option(names = "--out", required = true, description = "where to write the clinician's presentation file")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        X509Certificate holder = Pem.parseCertificate(Files.readString(holderCert));
        ClinicianCredential claims = new ClinicianCredential(caller.chainId(), organisationOf(caller.id().certificate()), licence, CertificateId.of(caller.id().suite(), holder),
            organisationOf(holder), profession, specialties, Scope.parseList(String.join(",", scopes)),
            day(validFrom, "--valid-from"), day(validUntil, "--valid-until"));
        SignedCredential signed = SignedCredential.sign(claims, caller.id().suite(), caller.id().signer(),
            caller.id().certificateId(), System.currentTimeMillis());
        Map<String, String> args = new LinkedHashMap<>();
        args.put("licence", licence);
        args.put("holder", claims.holder().hex());
        args.put("profession", profession);
        if (!specialties.isEmpty()) {
          args.put("specialties", String.join(";", specialties));
        }
        args.put("scopes", Scope.wireNames(claims.scopes()));
        args.put("validFrom", Long.toString(claims.validFrom()));
        args.put("validUntil", Long.toString(claims.validUntil()));
        args.put("document", signed.hash(caller.id().suite()).hex());
        ObjectNode body = SignedCommand.body(caller.sign("credentials", "issue", args));
        body.set("credential", signed.document());
        int rc = outcome(client.post("v1/credentials", body), "credential " + licence);
        if (rc == 0) {
          refresh(client, signed, caller.id().certificatePem(), out);
        }
        return rc;
      } catch (ApiException | IllegalArgumentException e) {
        System.err.println("medledger: " + e.getMessage());
        return 1;
      }
    }
  }

  static String organisationOf(X509Certificate c) {
    return Names.organisation(c);
  }

  /** Suspend, reinstate or revoke: the issuer's word, with a reason. */
  abstract static class StatusChange implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--issuer", required = true, description = "the issuing organisation (yours)")
    String issuer;

    @Option(names = "--licence", required = true, description = "the licence number")
    String licence;

    @Option(names = "--reason", required = true, description = "why, in words")
    String reason;

    abstract String action();

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        Transaction tx = caller.sign("credentials", action(), Map.of("issuer", issuer, "licence", licence, "reason", reason));
        return outcome(client.post("v1/credentials/" + issuer + "/" + licence + "/" + action(), SignedCommand.body(tx)),
            action() + " of licence " + licence);
      } catch (ApiException e) {
        System.err.println("medledger: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend an active credential from the block that commits it.")
  static final class Suspend extends StatusChange {
    String action() {
      return "suspend";
    }
  }

  @Command(name = "reinstate", mixinStandardHelpOptions = true, description = "Reinstate a suspended credential.")
  static final class Reinstate extends StatusChange {
    String action() {
      return "reinstate";
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a credential for good.")
  static final class Revoke extends StatusChange {
    String action() {
      return "revoke";
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Renew a credential to a later end: signs the new"
      + " document, submits credentials.renew, writes the new presentation.")
  static final class Renew implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the clinician's presentation file")
    Path file;

    @Option(names = "--valid-until", required = true, description = "the new first day no longer valid (UTC)")
    String validUntil;

    @Option(names = "--reason", defaultValue = "renewal", description = "why, in words")
    String reason;

    @Option(names = "--out", description = "where to write the new presentation (default: over FILE)")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        ClinicianCredential old = ClinicianCredential.fromJson(CredentialPresentation.parse(Files.readString(file)).credential());
        ClinicianCredential claims = new ClinicianCredential(old.chainId(), old.issuer(), old.licence(), old.holder(),
            old.holderOrganisation(), old.profession(), old.specialties(), old.scopes(), old.validFrom(),
            day(validUntil, "--valid-until"));
        SignedCredential signed = SignedCredential.sign(claims, caller.id().suite(), caller.id().signer(),
            caller.id().certificateId(), System.currentTimeMillis());
        Transaction tx = caller.sign("credentials", "renew", Map.of("issuer", claims.issuer(), "licence", claims.licence(), "validUntil",
            Long.toString(claims.validUntil()), "document", signed.hash(caller.id().suite()).hex(), "reason", reason));
        ObjectNode body = SignedCommand.body(tx);
        body.set("credential", signed.document());
        int rc = outcome(client.post("v1/credentials/" + claims.issuer() + "/" + claims.licence() + "/renew", body),
            "renewal of licence " + claims.licence());
        if (rc == 0) {
          refresh(client, signed, caller.id().certificatePem(), out == null ? file : out);
        }
        return rc;
      } catch (ApiException | IllegalArgumentException e) {
        System.err.println("medledger: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a credential's standing and refresh its"
      + " presentation's status snapshot from the node (no sign-in: status is public).")
  static final class Show implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "the presentation file")
    Path file;

    @Option(names = "--out", description = "where to write the refreshed presentation (default: over FILE)")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        CredentialPresentation p = CredentialPresentation.parse(Files.readString(file));
        SignedCredential c = new SignedCredential((ObjectNode) p.credential(), ClinicianCredential.fromJson(p.credential()));
        refresh(api.client(), c, p.issuerCertificatePem(), out == null ? file : out);
        return 0;
      } catch (ApiException | IllegalArgumentException e) {
        System.err.println("medledger: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a presentation offline with the genesis"
      + " alone: proof, issuer, status snapshot and its age. Prints VALID or INVALID <reason code>; exit 0 or 1.")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", description = "the presentation file, a file holding its code's text (MLCRED2:… or MLCRED1:…,"
        + " or a check link carrying one), or a PNG of its QR code")
    Path file;

    @Option(names = "--genesis", required = true, description = "the consortium's genesis.json")
    Path genesis;

    @Option(names = "--max-age", defaultValue = "24h", description = "the oldest status snapshot accepted: 90s, 15m, 24h, 7d"
        + " (default ${DEFAULT-VALUE})")
    String maxAge;

    @Override
    public Integer call() throws Exception {
      long max;
      try {
        max = Durations.parse(maxAge);
      } catch (IllegalArgumentException e) {
        System.err.println("medledger: --max-age: " + e.getMessage());
        return 2;
      }
      CredentialVerifier verifier = new CredentialVerifier(GenesisJson.read(Files.readString(genesis)));
      byte[] bytes = Files.readAllBytes(file);
      String content = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
      long now = System.currentTimeMillis();
      CredentialVerdict v = CredentialQrImage.isPng(bytes) ? CredentialQrImage.verify(verifier, bytes, now, max)
          : CredentialQr.isCode(content) ? CredentialQr.verify(verifier, content, now, max)
          : verifier.verify(content, now, max);
      System.out.println(v.line());
      return v.valid() ? 0 : 1;
    }
  }

  @Command(name = "qr", mixinStandardHelpOptions = true, description = "Write a presentation as one QR code (PNG) that"
      + " verifies with no network: prints the code's QR version, error-correction level and size.")
  static final class Qr implements Callable<Integer> {
    @Parameters(index = "0", description = "the presentation file (credential issue|show writes it)")
    Path file;

    @Option(names = "--out", required = true, description = "the PNG to write")
    Path out;

    @Option(names = "--link", description = "a public check page's address (the portal's: https://host/ui/credentials/check): the code"
        + " becomes a link to it carrying the presentation in its fragment")
    String link;

    @Option(names = "--text", description = "also write the code's text to this file")
    Path text;

    @Override
    public Integer call() throws Exception {
      try {
        CredentialPresentation p = CredentialPresentation.parse(Files.readString(file));
        String code = link == null ? CredentialQr.text(p) : CredentialQr.link(link, p);
        CredentialQrImage.Rendered r = CredentialQrImage.render(code);
        Files.write(out, r.png());
        if (text != null) {
          Files.writeString(text, code);
        }
        System.out.println("credential code: " + r.describe() + " (" + CredentialQr.payloadBytes(code)
            + " bytes of deflated presentation); " + r.png().length + " bytes of PNG written to " + out);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("medledger: " + e.getMessage());
        return 1;
      }
    }
  }
}
