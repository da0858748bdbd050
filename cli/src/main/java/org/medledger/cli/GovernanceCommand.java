package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medledger governance}: propose a change to the consortium, vote on one, record one
 * expired, list and show proposals, show the consortium. Proposing and voting are {@code
 * governance} transactions signed with an admin's identity folder; the ledger decides (docs/governance.md).
 */
@Command(name = "governance", mixinStandardHelpOptions = true,
    description = "On-chain governance: proposals and votes by organisations' admins (docs/governance.md).",
    subcommands = {GovernanceCommand.Propose.class, GovernanceCommand.Vote.class, GovernanceCommand.Expire.class,
        GovernanceCommand.ListProposals.class, GovernanceCommand.Show.class, GovernanceCommand.ConsortiumView.class,
        RotatedNodeKeyCommand.class})
final class GovernanceCommand {
  private GovernanceCommand() {}

  /** Submits, waits for the commit, prints the outcome; 0 when it succeeded, 1 when the ledger refused it. */
  static int submit(SignedCommand session, String method, Map<String, String> args) throws Exception {
    MedLedgerClient client = session.login();
    Transaction tx = session.sign("governance", method, args);
    JsonNode r = client.submit(tx, true);
    JsonNode outcome = r.path("outcome");
    boolean ok = outcome.path("success").asBoolean(false);
    if (ok) {
      System.out.println("committed at height " + r.path("height").asLong() + ": " + method + " (transaction " + r.path("txId").asText() + ")");
      if (method.equals("propose")) {
        // The outcome carries no events: the proposal is the newest one proposed in that block.
        long proposed = 0;
        for (JsonNode p : client.get("/v1/governance/proposals?limit=200").path("proposals")) {
          if (p.path("proposedAt").asLong() == r.path("height").asLong()) {
            proposed = Math.max(proposed, p.path("id").asLong());
          }
        }
        if (proposed > 0) {
          System.out.println("proposal " + proposed + ": medledger governance show --proposal " + proposed);
        }
      }
    } else {
      System.err.println("refused: " + outcome.path("code").asText() + ": " + outcome.path("message").asText());
    }
    return ok ? 0 : 1;
  }

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Propose a change (kinds: add-member, remove-member, rotate-member-ca, add-validator, remove-validator,"
          + " rotate-validator, set-parameter, upgrade). Your organisation's yes is counted with it.")
  static final class Propose implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Option(names = "--kind", required = true, description = "what to change")
    String kind;

    @Option(names = "--organisation", description = "the member organisation concerned")
    String organisation;

    @Option(names = "--ca-cert", description = "PEM file: the organisation's (new) CA certificate")
    Path caCertificate;

    @Option(names = "--roles", description = "roles a joining organisation may hold, e.g. admin,insurer,node")
    String roles;

    @Option(names = "--admin-cert", description = "PEM file: an admin certificate the new CA issued (rotate-member-ca)")
    Path adminCertificate;

    @Option(names = "--validator", description = "the validator's name, e.g. pharmacy-c-node")
    String validator;

    @Option(names = "--node-cert", description = "PEM file: the validator's (new) node certificate")
    Path nodeCertificate;

    @Option(names = "--encryption-key-cert", description = "file holding the validator's encryption-key certificate in hex")
    Path encryptionKeyCertificate;

    @Option(names = "--peer-address", description = "host:port the validators dial a new validator at (add-validator),"
        + " e.g. 10.0.0.5:7400; the ledger keeps it, so no validator's node.json changes")
    String peerAddress;

    @Option(names = "--parameter", description = "the chain parameter to change, e.g. blockIntervalMillis")
    String parameter;

    @Option(names = "--value", description = "its new value")
    String value;

    @Option(names = "--protocol-version", description = "the protocol version an upgrade requires")
    String protocolVersion;

    @Option(names = "--height", description = "the height an upgrade takes effect at")
    String height;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new LinkedHashMap<>();
      args.put("kind", kind);
      put(args, "organisation", organisation);
      putFile(args, "caCertificate", caCertificate);
      put(args, "roles", roles);
      putFile(args, "adminCertificate", adminCertificate);
      put(args, "validator", validator);
      putFile(args, "nodeCertificate", nodeCertificate);
      putFile(args, "encryptionKeyCertificate", encryptionKeyCertificate);
      if (kind.equals("add-validator")) {
        // Optional on the ledger (older proposals had none), asked for here: without it the
        // validators cannot reach the new one until every node.json names it.
        if (peerAddress == null) {
          throw new IllegalArgumentException("add-validator needs --peer-address host:port: where the validators dial "
              + (validator == null ? "the new validator" : validator) + " (docs/governance.md, Reaching a voted-in validator)");
        }
        org.medledger.core.governance.ValidatorAddresses.parse(peerAddress);
      }
      put(args, org.medledger.core.governance.ValidatorAddresses.TERM, peerAddress);
      put(args, "parameter", parameter);
      put(args, "value", value);
      put(args, "protocolVersion", protocolVersion);
      put(args, "height", height);
      return submit(session, "propose", args);
    }

    private static void put(Map<String, String> args, String name, String v) {
      if (v != null) {
        args.put(name, v);
      }
    }

    private static void putFile(Map<String, String> args, String name, Path file) throws java.io.IOException {
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(name + ": no file " + file);
        }
        args.put(name, Files.readString(file).strip());
      }
    }
  }

  @Command(name = "vote", mixinStandardHelpOptions = true,
      description = "Vote yes or no on a pending proposal for your organisation (one vote per organisation).")
  static final class Vote implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Option(names = "--proposal", required = true, description = "the proposal's id")
    long proposal;

    @Option(names = "--choice", required = true, description = "yes or no")
    String choice;

    @Override
    public Integer call() throws Exception {
      return submit(session, "vote", Map.of("proposal", Long.toString(proposal), "choice", choice));
    }
  }

  @Command(name = "expire", mixinStandardHelpOptions = true,
      description = "Record that a proposal's voting period ended without a decision.")
  static final class Expire implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Option(names = "--proposal", required = true, description = "the proposal's id")
    long proposal;

    @Override
    public Integer call() throws Exception {
      return submit(session, "expire", Map.of("proposal", Long.toString(proposal)));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Proposals, their status and votes.")
  static final class ListProposals implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Override
    public Integer call() throws Exception {
      JsonNode r = session.login().get("/v1/governance/proposals?limit=200");
      System.out.println("height " + r.path("height").asLong());
      for (JsonNode p : r.path("proposals")) {
        System.out.printf("#%d %-17s %-8s by %s, votes %s (yes needed %d of %d, %s), open until height %d%n",
            p.path("id").asLong(), p.path("kind").asText(), p.path("status").asText(), p.path("proposer").asText(),
            p.path("votes"), p.path("yesNeeded").asInt(), p.path("electorate").size(), p.path("threshold").asText(),
            p.path("expiresAfter").asLong());
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One proposal in full, with its receipt link.")
  static final class Show implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Option(names = "--proposal", required = true, description = "the proposal's id")
    long proposal;

    @Override
    public Integer call() throws Exception {
      System.out.println(session.login().get("/v1/governance/proposals/" + proposal).toPrettyString());
      return 0;
    }
  }

  @Command(name = "consortium", mixinStandardHelpOptions = true,
      description = "Members, validators and chain parameters as the ledger states them.")
  static final class ConsortiumView implements Callable<Integer> {
    @Mixin SignedCommand session = new SignedCommand();

    @Override
    public Integer call() throws Exception {
      System.out.println(session.login().get("/v1/governance/consortium").toPrettyString());
      return 0;
    }
  }
}
