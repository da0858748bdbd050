package org.medledger.node.application;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.LogHeadFile;
import org.medledger.client.LogHeadTracker;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ProvenConsortium;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import picocli.CommandLine.Option;

/**
 * How a command reaches a node's API: its HTTPS address, the genesis whose CAs alone vouch for the
 * server, and optionally which validator it must be (else the one whose API certificate the
 * server shows). Plain {@code http://} only to this host, for a node that chose api.plainHttp. A
 * picocli mixin for every command that talks to a node, the applications' subcommands too.
 */
public final class ApiOptions {
  @Option(names = "--api", defaultValue = "https://127.0.0.1:8080", description = "node API base URL (default ${DEFAULT-VALUE})")
  public String api;

  @Option(names = "--genesis", description = "the consortium's genesis.json: the server must show a certificate one of its CAs "
      + "issued for the --api host (required for https)")
  public Path genesis;

  @Option(names = "--node", description = "the validator (e.g. hospital-a-node) the --api address must belong to: only its "
      + "organisation's CA is trusted and a login signs only its challenge (default: the validator the server's certificate names);"
      + " a genesis validator, or with --via one in force on the proven ledger (a voted-in one too)")
  public String node;

  @Option(names = "--expect-node", description = "the node the --api address must be, e.g. a full node: its certificate id"
      + " (64 hex digits, as `medledger user add` prints it), its certificate file (cert.pem), or a genesis validator's"
      + " name; a login signs only a challenge naming that node, and with a file or a name the server's certificate must"
      + " be of that node's organisation")
  public String expectNode;

  @Option(names = "--via", description = "for an --api node of an organisation voted in after the genesis: a genesis "
      + "organisation's node (https URL) through which the ledger's member list is proven from the genesis first")
  public String via;

  @Option(names = "--via-token-file", description = "the token `medledger login` wrote for the --via node (receipts need one)")
  public Path viaTokenFile;

  @Option(names = "--log-head", description = "a file keeping the last log head verified through --via between runs (made on"
      + " the first): the --via node's sealed head must extend it by a consistency proof, then replaces it; a shorter or"
      + " forked log is refused. Needs --via (a genesis organisation's node, the --api one too)")
  public Path logHead;

  public MedLedgerClient client() throws java.io.IOException {
    if (!api.startsWith("https://")) {
      if (expectNode != null) {
        if (genesis == null && !expectNode.matches("[0-9a-fA-F]{64}")) {
          throw new IllegalArgumentException("--expect-node " + expectNode + " needs --genesis to be resolved (or give the node's"
              + " certificate id)");
        }
        ApiServerTrust plainTrust = genesis == null ? null : ApiServerTrust.read(genesis);
        return plainTrust == null ? new MedLedgerClient(api).expectingNode(expectNode)
            : ExpectedNode.resolve(expectNode, plainTrust).plainClientOf(api);
      }
      return new MedLedgerClient(api);
    }
    if (genesis == null) {
      throw new IllegalArgumentException("--api " + api + " is HTTPS: give --genesis genesis.json, whose CAs alone vouch for the node");
    }
    ApiServerTrust trust = ApiServerTrust.read(genesis);
    ProvenConsortium consortium = null;
    if (via != null) {
      consortium = provenThroughVia(trust);
      trust = trust.withLedger(consortium);
    } else if (viaTokenFile != null) {
      throw new IllegalArgumentException("--via-token-file is given without --via, the node it is a token for");
    } else if (logHead != null) {
      throw new IllegalArgumentException("--log-head " + logHead + " needs --via and --via-token-file: the node whose sealed"
          + " head is checked against it (any genesis organisation's node, the --api one too)");
    }
    if (expectNode != null) {
      if (node != null) {
        throw new IllegalArgumentException("give --node or --expect-node, not both (both name the node the --api address must be)");
      }
      return ExpectedNode.resolve(expectNode, trust).clientOf(api, trust);
    }
    if (node == null) {
      return new MedLedgerClient(api, trust);
    }
    // With --via the validators are those in force where the ledger was proven (a voted-in one
    // too, a removed or rotated-away one no longer); without it, the genesis's.
    List<ValidatorEntry> validators = consortium == null ? trust.genesis().validators() : consortium.validators();
    String where = consortium == null ? "of the genesis " + genesis
        : "in force after block " + consortium.height() + " (proven through --via " + via + "; in force: "
            + validators.stream().map(ValidatorEntry::name).toList() + ")";
    ValidatorEntry v = validators.stream().filter(e -> e.name().equals(node)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--node " + node + " is not a validator " + where));
    return new MedLedgerClient(api, trust.onlyOrganisation(v.organisation())).expectingNode(
        CertificateId.of(trust.genesis().cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem())).hex());
  }

  /**
   * The member list and validators in force, proven from the genesis through {@link #via} at its
   * latest block. Without {@link #logHead} this command keeps no head between runs, so that block
   * is as fresh as it gets; with it, that block's log must extend the head the file holds.
   */
  private ProvenConsortium provenThroughVia(ApiServerTrust genesisTrust) throws java.io.IOException {
    if (!via.startsWith("https://")) {
      throw new IllegalArgumentException("--via " + via + " must be an https:// URL of a genesis organisation's node");
    }
    if (viaTokenFile == null || !Files.isRegularFile(viaTokenFile)) {
      throw new IllegalArgumentException("--via " + via + " needs --via-token-file, a token `medledger login --api " + via
          + "` wrote" + (viaTokenFile == null ? "" : " (no file " + viaTokenFile + ")"));
    }
    MedLedgerClient through = new MedLedgerClient(via, genesisTrust).withToken(Files.readString(viaTokenFile).trim());
    Genesis g = genesisTrust.genesis();
    LogHeadTracker tracker = new LogHeadTracker(g, logHead == null ? null : LogHeadFile.read(logHead, g));
    if (logHead != null && tracker.current().isPresent()) {
      Verification extended;
      try {
        extended = tracker.advance(through);
      } catch (org.medledger.client.ApiException e) {
        throw new IllegalArgumentException("cannot check --via " + via + "'s head against the log head in " + logHead + ": "
            + e.getMessage(), e);
      }
      if (extended instanceof Verification.Failed f) {
        throw new IllegalArgumentException("--via " + via + "'s sealed head does not extend the log head in " + logHead
            + " (" + f.check() + "): " + f.reason());
      }
    }
    ProvenConsortium consortium;
    try {
      consortium = ProvenConsortium.fetch(through, g, tracker);
    } catch (org.medledger.client.ApiException e) {
      throw new IllegalArgumentException("cannot prove the ledger's member organisations through --via " + via + ": "
          + e.getMessage(), e);
    }
    if (logHead != null) {
      LogHeadFile.write(logHead, g, tracker.current().orElseThrow());
    }
    return consortium;
  }
}
