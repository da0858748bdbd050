package org.medledger.apps.records.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptQr;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The patient's side: her records, consents and every access to them; a QR code to download a report. */
@Command(name = "patient", description = "A patient's view of her records.",
    subcommands = {PatientCommand.View.class, PatientCommand.DownloadQr.class})
public final class PatientCommand {
  @Command(name = "view", mixinStandardHelpOptions = true,
      description = "Records, consents and accesses of a patient (by default the identity's own), each with its receipt.")
  static final class View implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--patient", description = "patient id (default: the identity's own key)")
    String patient;

    @Option(names = "--json", description = "print the view as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      MedLedgerClient client = caller.login();
      ClientIdentity id = caller.id();
      String pid = patient != null ? patient : PatientId.of(id.suite().hash(), id.certificate().getPublicKey().getEncoded()).toString();
      JsonNode v;
      try {
        v = client.patientView(pid);
      } catch (ApiException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      if (json) {
        System.out.println(v.toPrettyString());
        return 0;
      }
      System.out.println("patient " + pid + " at height " + v.get("height").asLong());
      System.out.println("records:");
      v.get("records").forEach(r -> System.out.printf("  %s…  %-18s %-14s %-10s %s  receipt %s%n",
          r.get("record").asText().substring(0, 16), r.get("resourceType").asText(), r.get("category").asText(),
          r.get("custodian").asText(), r.get("status").asText(), r.get("receipt").asText()));
      System.out.println("consents:");
      v.get("consents").forEach(c -> System.out.printf("  %s…  to %-20s %-20s for %-8s %s  receipt %s%n",
          c.get("consent").asText().substring(0, 16), c.get("grantee").asText(), c.get("categories").asText(),
          c.get("purposes").asText(), c.get("status").asText(), c.get("receipt").asText()));
      System.out.println("accesses:");
      v.get("accesses").forEach(a -> System.out.printf("  %s  %s…  %-12s %-10s %-7s %-8s %s%s%n",
          java.time.Instant.ofEpochMilli(a.get("time").asLong()), a.get("record").asText().substring(0, 16),
          a.get("organisation").asText(), a.get("role").asText(), a.get("purpose").asText(), a.get("outcome").asText(),
          a.get("breakGlass").asBoolean() ? "BREAK-GLASS " : "", a.get("reason").asText()));
      return 0;
    }
  }

  @Command(name = "download-qr", mixinStandardHelpOptions = true,
      description = "A signed, expiring download link for one of the patient's own records, as a QR code PNG.")
  static final class DownloadQr implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--record", required = true, description = "record hash")
    String record;

    @Option(names = "--ttl", defaultValue = "600", description = "seconds the link lasts (default ${DEFAULT-VALUE})")
    long ttl;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
      MedLedgerClient client = caller.login();
      JsonNode link;
      try {
        link = client.post("v1/records/" + record + "/download-link?ttl=" + ttl,
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
      } catch (ApiException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      Files.write(out, ReceiptQr.png(link.get("url").asText(), 400));
      System.out.println(link.get("url").asText());
      System.out.println("QR code written to " + out + "; the link expires at "
          + java.time.Instant.ofEpochMilli(link.get("expiresAt").asLong()));
      return 0;
    }
  }
}
