package org.medledger.apps.insurance.node;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger insurance evidence CLAIM N}: the insurer's assessor reads the N-th record a claim
 * cites, through health records' policy point for payment (HPAYMT): the read request is signed with
 * her own key, the node serves it only under the patient's consent, and the access event (served
 * or refused) is on the ledger before the answer arrives.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Read the N-th record a claim cites, under the "
    + "patient's payment consent (HPAYMT); every read, refused ones too, is audited.")
final class EvidenceCommand implements Callable<Integer> {
  @Mixin
  SignedCommand caller = new SignedCommand();

  @Parameters(index = "0", description = "the claim id")
  String claim;

  @Parameters(index = "1", description = "which cited record, from 1 (the FHIR Claim's supportingInfo sequence)")
  int n;

  @Option(names = "--out", description = "write the record here instead of printing it")
  Path out;

  @Override
  public Integer call() throws Exception {
    return SignedCommand.answered(() -> {
      var client = caller.login();
      JsonNode c = client.get("v1/insurance/claims/" + claim);
      java.util.List<String> cited = new java.util.ArrayList<>();
      for (JsonNode l : c.path("lines")) {
        for (JsonNode e : l.path("evidence")) {
          if (!cited.contains(e.asText())) {
            cited.add(e.asText());
          }
        }
      }
      if (n < 1 || n > cited.size()) {
        System.err.println("medledger: claim " + claim + " cites " + cited.size() + " record(s), numbered from 1; there is no " + n);
        return 1;
      }
      HttpResponse<byte[]> r = client.signedRecordRead("v1/insurance/claims/" + claim + "/evidence/" + n, cited.get(n - 1),
          ClaimEvidenceRoute.PURPOSE);
      String audit = r.headers().firstValue("X-MedLedger-Audit-Tx").orElse("");
      if (r.statusCode() != 200) {
        JsonNode why = parse(r.body());
        System.err.println("medledger: " + r.statusCode() + " " + why.path("error").asText("error") + ": "
            + why.path("message").asText("") + (audit.isEmpty() ? "" : " (access event " + audit + ")"));
        return 1;
      }
      System.err.println("served under " + r.headers().firstValue("X-MedLedger-Basis").orElse("?")
          + r.headers().firstValue("X-MedLedger-Consent").map(x -> " " + x).orElse("") + "; access event " + audit);
      if (out != null) {
        Files.write(out, r.body());
      } else {
        System.out.write(r.body());
        System.out.println();
      }
      return 0;
    });
  }

  private static JsonNode parse(byte[] body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      return new ObjectMapper().createObjectNode();
    }
  }
}
