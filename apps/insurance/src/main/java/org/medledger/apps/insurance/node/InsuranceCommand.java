package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger insurance …}: a clinician bills a claim through her hospital's node, anyone
 * entitled reads a claim (the money in plain words, per line with its reason) or lists claims, an
 * insurer pays claims (its node checks the line hashes first). Thin: each parses, calls one route
 * of docs/insurance.md's REST table, and prints.
 */
@Command(name = "insurance", description = "Insurance (issue 15): products, policies, claims (bill, read, list, decide,"
    + " withdraw, evidence, EOB receipt), payments.",
    subcommands = {InsuranceCommand.Bill.class, InsuranceCommand.ShowClaim.class, InsuranceCommand.ListClaims.class,
        InsuranceCommand.Pay.class, ProductCommand.class, PolicyCommand.class, ClaimDecisionCommands.Approve.class,
        ClaimDecisionCommands.Deny.class, ClaimDecisionCommands.Withdraw.class, EvidenceCommand.class,
        InsuranceCommand.Eob.class})
final class InsuranceCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Signs {@code insurance.method(args)} with the member's key, posts it to the route that takes
   * it and prints the committed outcome, or the API's refusal as the CLI prints one (exit 1).
   */
  static int submit(SignedCommand caller, String route, String method, Map<String, String> args, String what)
      throws Exception {
    return SignedCommand.answered(() -> SignedCommand.outcome(caller.login().post(route,
        SignedCommand.body(caller.sign("insurance", method, args))), what));
  }

  @Command(name = "bill", mixinStandardHelpOptions = true,
      description = "Bill a claim through your hospital's node, which computes each line's hash: a JSON file "
          + "{policy, currency, lines: [{category, code, quantity, unitAmount, dateOfService, evidence?}]}.")
  static final class Bill implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim, a JSON file")
    Path claim;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> SignedCommand.outcome(caller.login().post("v1/insurance/claims",
          JSON.readTree(Files.readAllBytes(claim))), "claim"));
    }
  }

  @Command(name = "claim", mixinStandardHelpOptions = true, description = "A claim you may see: status, the money in plain "
      + "words, each line with its reason.")
  static final class ShowClaim implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim id (64 hex)")
    String id;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode c = caller.login().get("v1/insurance/claims/" + id);
        System.out.println("claim " + c.get("id").asText() + ": " + c.get("status").asText() + " (insurer " + c.get("insurer")
            .asText() + ", billed by " + c.get("submitter").asText() + ")");
        System.out.println(c.path("money").path("inWords").asText());
        for (JsonNode l : c.path("lines")) {
          String cur = c.get("currency").asText();
          System.out.println("  line " + l.get("line").asInt() + " " + l.get("code").asText() + " on " + l.get("dateOfService")
              .asText() + ": " + l.get("reason").asText() + "; billed " + InsuranceViews.amount(l.get("billed").asLong(), cur)
              + ", insurer pays " + InsuranceViews.amount(l.get("paidByInsurer").asLong(), cur) + ", you owe "
              + InsuranceViews.amount(l.get("youOwe").asLong(), cur));
        }
        return 0;
      });
    }
  }

  @Command(name = "claims", mixinStandardHelpOptions = true, description = "The claims you may see, optionally of one status.")
  static final class ListClaims implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--status", description = "adjudicated, pended, escalated, approved, denied, paid or withdrawn")
    String status;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        MedLedgerClient client = caller.login();
        for (JsonNode c : pages(client, "v1/insurance/claims" + (status == null ? "" : "?status=" + status), "claims")) {
          System.out.println(c.get("id").asText() + " " + c.get("status").asText() + " " + c.get("submitter").asText() + " "
              + c.path("money").path("inWords").asText());
        }
        return 0;
      });
    }
  }

  @Command(name = "pay", mixinStandardHelpOptions = true, description = "Record the insurer's payment of claims, signed by "
      + "your key; your node first checks every line hash of every claim.")
  static final class Pay implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--claims", required = true, description = "claim ids, comma-separated")
    String claims;

    @Option(names = "--amount", required = true, description = "the total in minor units")
    long amount;

    @Option(names = "--currency", required = true, description = "ISO 4217")
    String currency;

    @Option(names = "--reference", required = true, description = "the bank transfer's reference")
    String reference;

    @Override
    public Integer call() throws Exception {
      return InsuranceCommand.submit(caller, "v1/insurance/payments", "recordPayment", Map.of("claims", claims, "amount", Long.toString(amount),
          "currency", currency, "reference", reference), "payment");
    }
  }

  @Command(name = "eob", mixinStandardHelpOptions = true, description = "Write a claim's explanation of benefit as a "
      + "receipt (yours as its patient, or as her insurer or the regulator), to check offline with medledger verify FILE "
      + "--genesis genesis.json.")
  static final class Eob implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the claim id (64 hex)")
    String id;

    @Option(names = "--out", required = true, description = "the receipt file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode r = caller.login().get("v1/insurance/claims/" + id + "/eob");
        Files.write(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
        JsonNode f = r.path("figures");
        System.out.println("EOB receipt of claim " + f.path("claim").asText() + " (" + f.path("status").asText() + ") written to "
            + out + ": " + f.path("inWords").asText());
        System.out.println("check it offline: medledger verify " + out + " --genesis genesis.json");
        return 0;
      });
    }
  }

  /**
   * Every item of a paged list route, following each page's {@code next} cursor at the first page's {@code height}, so
   * the whole list is the ledger as it stood after one block.
   */
  static java.util.List<JsonNode> pages(MedLedgerClient client, String path, String field) {
    java.util.List<JsonNode> all = new java.util.ArrayList<>();
    String cursor = null;
    String height = null;
    do {
      JsonNode r = client.get(path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + cursor
          + (height == null ? "" : "&height=" + height)));
      r.path(field).forEach(all::add);
      height = r.path("height").isNumber() ? r.get("height").asText() : height;
      cursor = r.path("next").isTextual() ? r.get("next").asText() : null;
    } while (cursor != null);
    return all;
  }
}
