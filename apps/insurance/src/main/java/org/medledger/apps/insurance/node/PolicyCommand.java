package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.apps.insurance.contract.PolicyTransfer;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger insurance policy …}: an insurer issues, renews, cancels and transfers policies
 * (each its own signed transaction through the routes of docs/insurance.md); the holder signs a
 * transfer with her own key ({@code sign-transfer}); anyone entitled reads one or lists them.
 */
@Command(name = "policy", description = "Policies: issue, renew, cancel, transfer (with the holder's signature), show, list.",
    subcommands = {PolicyCommand.Issue.class, PolicyCommand.Renew.class, PolicyCommand.Cancel.class,
        PolicyCommand.SignTransfer.class, PolicyCommand.Transfer.class, PolicyCommand.Show.class, PolicyCommand.ListPolicies.class})
final class PolicyCommand {
  @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a policy under one of your products to a "
      + "registered patient; prints the policy's id.")
  static final class Issue implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--product", required = true, description = "your product's code")
    String product;

    @Option(names = "--patient", required = true, description = "the insured's patient id (64 hex)")
    String patient;

    @Option(names = "--start", required = true, description = "first covered day, ISO (not before today)")
    String start;

    @Option(names = "--end", required = true, description = "the day after the last covered day, ISO")
    String end;

    @Option(names = "--group", description = "the group it belongs to, e.g. an employer's")
    String group;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new LinkedHashMap<>(Map.of("product", product, "patient", patient, "start", start, "end", end));
      if (group != null) {
        args.put("group", group);
      }
      return InsuranceCommand.submit(caller, "v1/insurance/policies", "issuePolicy", args, "policy");
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Renew a policy to a new end, under the product's "
      + "current version.")
  static final class Renew implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the policy id")
    String policy;

    @Option(names = "--end", required = true, description = "the new term's end, ISO (exclusive)")
    String end;

    @Override
    public Integer call() throws Exception {
      return InsuranceCommand.submit(caller, "v1/insurance/policies/" + policy + "/renew", "renewPolicy", Map.of("policy", policy, "end", end),
          "renewal");
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a policy from a day on (today by default); "
      + "care before it stays covered.")
  static final class Cancel implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the policy id")
    String policy;

    @Option(names = "--reason", required = true, description = "why, in words")
    String reason;

    @Option(names = "--effective", description = "the first day no longer covered, ISO (not before today)")
    String effective;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new LinkedHashMap<>(Map.of("policy", policy, "reason", reason));
      if (effective != null) {
        args.put("effective", effective);
      }
      return InsuranceCommand.submit(caller, "v1/insurance/policies/" + policy + "/cancel", "cancelPolicy", args, "cancellation");
    }
  }

  @Command(name = "sign-transfer", mixinStandardHelpOptions = true, description = "As the policy's holder, sign its transfer "
      + "to a new holder; prints the signature the insurer submits with the transfer. It moves the policy at its current "
      + "version only.")
  static final class SignTransfer implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the policy id")
    String policy;

    @Option(names = "--new-holder", required = true, description = "the new holder's patient id (64 hex)")
    String newHolder;

    @Option(names = "--group", defaultValue = "", description = "the group it moves to, e.g. a new employer's")
    String group;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        var client = caller.login();
        JsonNode p = client.get("v1/insurance/policies/" + policy);
        Hash to;
        try {
          to = Hash.fromHex(newHolder);
        } catch (IllegalArgumentException e) {
          System.err.println("medledger: --new-holder: " + e.getMessage());
          return 1;
        }
        String chain = client.health().get("signingChainId").asText();
        byte[] signature = PolicyTransfer.sign(caller.id().signer(), chain, Hash.fromHex(p.get("id").asText()),
            p.get("version").asInt(), to, group);
        System.out.println(Hex.encode(signature));
        return 0;
      });
    }
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Transfer a policy to a new holder, carrying the "
      + "holder's signature (sign-transfer).")
  static final class Transfer implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the policy id")
    String policy;

    @Option(names = "--new-holder", required = true, description = "the new holder's patient id (64 hex)")
    String newHolder;

    @Option(names = "--holder-signature", required = true, description = "the holder's signature (hex, from sign-transfer)")
    String signature;

    @Option(names = "--group", description = "the group it moves to, as the holder signed it")
    String group;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new LinkedHashMap<>(Map.of("policy", policy, "newHolder", newHolder, "holderSignature",
          signature));
      if (group != null && !group.isEmpty()) {
        args.put("group", group);
      }
      return InsuranceCommand.submit(caller, "v1/insurance/policies/" + policy + "/transfer", "transferPolicy", args, "transfer");
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A policy you may see: holder, terms and history.")
  static final class Show implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the policy id")
    String policy;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode p = caller.login().get("v1/insurance/policies/" + policy);
        System.out.println("policy " + p.get("id").asText() + ": " + p.get("status").asText() + ", product " + p.get("product")
            .asText() + " of " + p.get("insurer").asText() + ", version " + p.get("version").asInt());
        System.out.println("  insured " + p.get("insured").asText() + ", holder " + p.get("holder").asText()
            + (p.path("group").isTextual() ? ", group " + p.get("group").asText() : ""));
        for (JsonNode t : p.path("terms")) {
          System.out.println("  term " + t.get("start").asText() + " to " + t.get("end").asText() + " (product version "
              + t.get("productVersion").asInt() + ")");
        }
        for (JsonNode h : p.path("history")) {
          System.out.println("  " + h.get("kind").asText() + " at height " + h.get("height").asLong() + " by "
              + h.get("organisation").asText() + ": " + h.get("detail").asText());
        }
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The policies you may see, optionally of one status.")
  static final class ListPolicies implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Option(names = "--status", description = "active or cancelled")
    String status;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        var client = caller.login();
        for (JsonNode p : InsuranceCommand.pages(client, "v1/insurance/policies" + (status == null ? "" : "?status=" + status),
            "policies")) {
          System.out.println(p.get("id").asText() + " " + p.get("status").asText() + " " + p.get("insurer").asText() + "/"
              + p.get("product").asText() + " insured " + p.get("insured").asText());
        }
        return 0;
      });
    }
  }
}
