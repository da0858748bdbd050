package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.apps.credentials.contract.PrimarySourceKind;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.Hash;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger credential verification …} (docs/credentials.md, "Primary-source
 * verification"): a licensing authority records what it checked behind a licence; the clinician
 * grants or withdraws a hospital's reuse; the hospital reads it (audited) and records its reuse;
 * an authority sets its maximum age.
 */
@Command(name = "verification", description = "Primary-source verifications behind credentials: record, grant, withdraw,"
    + " read, reuse, policy.",
    subcommands = {VerificationCommand.Record.class, VerificationCommand.Grant.class, VerificationCommand.Withdraw.class,
        VerificationCommand.Read.class, VerificationCommand.Reuse.class, VerificationCommand.Policy.class})
final class VerificationCommand {
  static final String BASE = "v1/credential-verifications";

  @Command(name = "record", mixinStandardHelpOptions = true, description = "Record the primary-source verification behind"
      + " your organisation's credential: writes the FHIR VerificationResult, submits its hash with"
      + " credentials.recordVerification to the custodian's node, which keeps the document.")
  static final class Record implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--issuer", required = true, description = "the issuing organisation (yours)")
    String issuer;

    @Option(names = "--licence", required = true, description = "the licence number")
    String licence;

    @Option(names = "--source", required = true, description = "KIND=SOURCE[=OUTCOME], repeated: e.g. 'degree=Peking"
        + " University', 'prior-licence=Hong Kong Medical Council=successful' (kinds: degree, board-exam, prior-licence,"
        + " training, identity; outcomes: successful (default), failed, unknown)")
    List<String> sources;

    @Option(names = "--checked-on", description = "the day the sources answered (default today, UTC)")
    String checkedOn;

    @Option(names = "--custodian", description = "the organisation whose node keeps the document: the node --api reaches"
        + " (default your own organisation)")
    String custodian;

    @Option(names = "--out", description = "also write the VerificationResult document here")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        LocalDate day = checkedOn == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(checkedOn);
        List<PrimarySourceCheck> checks = new ArrayList<>();
        for (String s : sources) {
          checks.add(PrimarySourceCheck.parse(s, day));
        }
        MedLedgerClient client = caller.login();
        JsonNode credential = client.get("v1/credentials/" + issuer + "/" + licence);
        Hash holder = Hash.fromHex(credential.path("holder").asText());
        VerificationDocument document = VerificationDocument.of(issuer, licence, holder, caller.id().certificateId(), checks);
        Hash hash = Hash.of(caller.id().suite().hash().hash(document.canonical()));
        Map<String, String> args = new LinkedHashMap<>();
        args.put("issuer", issuer);
        args.put("licence", licence);
        args.put("document", hash.hex());
        args.put("sources", PrimarySourceKind.wireNames(checks.stream().map(PrimarySourceCheck::kind).toList()));
        args.put("custodian", custodian == null ? CredentialCommand.organisationOf(caller.id().certificate()) : custodian);
        ObjectNode body = SignedCommand.body(caller.sign("credentials", "recordVerification", args));
        body.set("verification", document.json());
        if (out != null) {
          Files.writeString(out, CredentialCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document.json()));
        }
        int rc = CredentialCommand.outcome(client.post(BASE, body), "verification " + hash.hex());
        if (rc == 0) {
          System.out.println("verification id " + hash.hex());
        }
        return rc;
      } catch (ApiException | IllegalArgumentException | java.time.DateTimeException e) {
        return SignedCommand.failed(e);
      }
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "As the clinician: let an organisation read and"
      + " reuse your verification (credentials.grantVerification).")
  static final class Grant implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the verification id (64 hex)")
    String verification;

    @Option(names = "--organisation", required = true, description = "the organisation, e.g. the hospital hiring you")
    String organisation;

    @Option(names = "--until", description = "first day it no longer holds, e.g. 2027-06-30 (UTC); default no expiry")
    String until;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("verification", verification);
        args.put("organisation", organisation);
        if (until != null) {
          args.put("until", Long.toString(CredentialCommand.day(until, "--until")));
        }
        return CredentialCommand.outcome(client.post(BASE + "/" + verification + "/consents",
            SignedCommand.body(caller.sign("credentials", "grantVerification", args))), "consent for " + organisation);
      } catch (ApiException | IllegalArgumentException e) {
        return SignedCommand.failed(e);
      }
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "As the clinician: withdraw an organisation's"
      + " consent (credentials.withdrawVerificationConsent).")
  static final class Withdraw implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the verification id (64 hex)")
    String verification;

    @Option(names = "--organisation", required = true, description = "the organisation")
    String organisation;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        return CredentialCommand.outcome(client.post(BASE + "/" + verification + "/consents", SignedCommand.body(
            caller.sign("credentials", "withdrawVerificationConsent", Map.of("verification", verification, "organisation", organisation)))),
            "withdrawal for " + organisation);
      } catch (ApiException | IllegalArgumentException e) {
        return SignedCommand.failed(e);
      }
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true, description = "Read a verification at its custodian's node:"
      + " judged against the clinician's consent and logged on the ledger first; prints its standing (renewal-due past"
      + " its authority's maximum age).")
  static final class Read implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the verification id (64 hex)")
    String verification;

    @Option(names = "--out", description = "write the FHIR VerificationResult document here")
    Path out;

    @Override
    public Integer call() throws Exception {
      try {
        JsonNode r = caller.login().get(BASE + "/" + verification);
        System.out.println("verification " + verification + " of licence " + r.path("licence").asText() + " ("
            + r.path("issuer").asText() + "): " + r.path("status").asText() + ", sources " + r.path("sources").asText()
            + "; read logged by transaction " + r.path("audit").asText());
        if (out != null) {
          Files.writeString(out, CredentialCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.get("document")));
        }
        return 0;
      } catch (ApiException | IllegalArgumentException e) {
        return SignedCommand.failed(e);
      }
    }
  }

  @Command(name = "reuse", mixinStandardHelpOptions = true, description = "As a hospital's admin: record that your"
      + " organisation reused the verification instead of repeating it (credentials.reuseVerification).")
  static final class Reuse implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the verification id (64 hex)")
    String verification;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        return CredentialCommand.outcome(client.post(BASE + "/" + verification + "/reuses", SignedCommand.body(
            caller.sign("credentials", "reuseVerification", Map.of("verification", verification)))), "reuse of " + verification);
      } catch (ApiException | IllegalArgumentException e) {
        return SignedCommand.failed(e);
      }
    }
  }

  @Command(name = "policy", mixinStandardHelpOptions = true, description = "As a licensing authority: how many days your"
      + " verifications stay fresh before they are renewal-due (credentials.verificationPolicy; default 1095).")
  static final class Policy implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--max-age-days", required = true, description = "0 to 3650 (0: every reuse is flagged for renewal)")
    long maxAgeDays;

    @Override
    public Integer call() throws Exception {
      try {
        MedLedgerClient client = caller.login();
        JsonNode r = client.submit(caller.sign("credentials", "verificationPolicy", Map.of("maxAgeDays", Long.toString(maxAgeDays))), true);
        return CredentialCommand.outcome(r, "policy of " + maxAgeDays + " days");
      } catch (ApiException | IllegalArgumentException e) {
        return SignedCommand.failed(e);
      }
    }
  }
}
