package org.medledger.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "network", description = "Create and manage a network.", subcommands = NetworkCommand.Init.class)
final class NetworkCommand {
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Write org CAs, node and admin certificates, node configs and a genesis.")
  static final class Init implements Callable<Integer> {
    @Option(names = "--orgs", required = true, split = ",", description = "organisations, e.g. hospital-a,hospital-b,insurer,regulator")
    List<String> orgs;

    @Option(names = "--out", required = true, description = "folder to create")
    Path out;

    @Option(names = "--suite", defaultValue = "intl", description = "crypto suite: intl or gm (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--chain-id", defaultValue = "medledger-local", description = "chain id (default ${DEFAULT-VALUE})")
    String chainId;

    @Option(names = "--validators", split = ",", description = "organisations that run validators (default: all of --orgs)")
    List<String> validators;

    @Option(names = "--api-port", defaultValue = "8080", description = "API port of the first node; the next get +1 (default ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--p2p-port", defaultValue = "7400", description = "node-to-node (mutual TLS) port of the first node; the next get +1 (default ${DEFAULT-VALUE})")
    int p2pPort;

    @Option(names = "--hosts", split = ",", description = "one address per validator, in order, where it listens and peers dial it (default: all 127.0.0.1)")
    List<String> hosts;

    @Option(names = "--roles", split = ",", description = "roles the genesis grants an organisation, e.g. "
        + "insurer=insurer,acme=maker+distributor (admin and node always; default by name: hospital → clinician+patient,"
        + " regulator → regulator, insurer → insurer, pharmacy → pharmacy, pharma → maker, dist → distributor)")
    List<String> roles;

    @Option(names = "--governance", description = "enable on-chain governance: proposals and votes by the organisations'"
        + " admins, default thresholds (docs/governance.md)")
    boolean governance;

    @Option(names = "--protocol-version", description = "the protocol version the chain starts at (default: this"
        + " release's, ${DEFAULT-VALUE}); an older one only for a consortium whose nodes must run an older release"
        + " (docs/governance.md, Upgrades)")
    int protocolVersion = org.medledger.core.governance.ProtocolVersion.CURRENT;

    @Option(names = "--ca-cert", description = "<org>=<cert.pem>: the organisation keeps its own CA (`medledger ca init`);"
        + " no CA key is made or needed for it (repeatable)")
    List<String> caCerts = new java.util.ArrayList<>();

    @Option(names = "--admin-cert", description = "<org>=<cert.pem>: the admin certificate its own CA issued (`ca init`"
        + " wrote <ca>/users/admin/cert.pem); required with --ca-cert (repeatable)")
    List<String> adminCerts = new java.util.ArrayList<>();

    @Option(names = "--node-cert", description = "<org>=<node folder>/cert.pem: its validator's certificate its CA issued"
        + " (`medledger node request`, `medledger ca sign`), with api/cert.pem and request.json beside it (repeatable)")
    List<String> nodeCerts = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<String> v = validators == null || validators.isEmpty() ? orgs : validators;
      Map<String, List<org.medledger.crypto.x509.Role>> granted = OrganisationRoles.of(orgs, roles == null ? List.of() : roles);
      NetworkInitializer init = new NetworkInitializer(suite, chainId, orgs, v, List.of(), apiPort, p2pPort,
          hosts == null ? List.of() : hosts, granted, Clock.systemUTC());
      Map<String, OwnCertificates.Organisation> own = OwnCertificates.read(org.medledger.crypto.CryptoSuites.byId(suite),
          chainId, orgs, v, granted, caCerts, adminCerts, nodeCerts);
      init.withOwnCertificates(own);
      init.withProtocolVersion(protocolVersion);
      if (governance) {
        init.withGovernance(org.medledger.core.genesis.GovernanceRules.DEFAULTS);
      }
      Map<String, Path> configs = init.write(out);
      System.out.println("network '" + chainId + "' (" + suite + ") written to " + out.toAbsolutePath());
      System.out.println("  genesis: " + out.resolve("genesis.json"));
      configs.forEach((org, cfg) -> System.out.println("  start " + org + ": medledger node start --config " + cfg));
      own.forEach((org, o) -> System.out.println("  " + org + " keeps its own CA: " + out.resolve(org) + " holds no key of it;"
          + (o.node().isPresent() ? " copy " + out.resolve(org).resolve("node") + "/. into the node folder `node request` made"
          + " (its keys are there)" : "") + "; its admin is the one its CA issued"));
      System.out.println("  each node folder (<out>/<org>/node) is self-contained, its own genesis.json inside: copy it alone"
          + " to its host; keep <out>/<org>/ca offline; each admin (<out>/<org>/users/admin) is registered from the first"
          + " block; more users: medledger user add (docs/deploy.md)");
      System.out.println("  each node's secrets (0600, in <node>/data/secrets, 0700): api-token.key, the applications' own"
          + " keys and wallet.key, the custodial wallet's sealing key, made now: back up wallet.key, without it no custodial patient's"
          + " key opens (to use a passphrase instead, delete it before the node's first start and start it with"
          + " --wallet-passphrase-file)");
      return 0;
    }
  }
}
