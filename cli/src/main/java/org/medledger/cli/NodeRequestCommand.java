package org.medledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `medledger node request`: on the node's host, its keys and the request its organisation's own CA signs. */
@Command(name = "request", mixinStandardHelpOptions = true, description = "Make a node's keys (key.pem,"
    + " encryption-key.pem, api/key.pem, all 0600) and <out>/request.json for its organisation's own CA (`medledger ca sign`).")
final class NodeRequestCommand implements Callable<Integer> {
  @Option(names = "--org", required = true, description = "the node's organisation")
  String org;

  @Option(names = "--chain-id", required = true, description = "the chain id network init will be given")
  String chainId;

  @Option(names = "--host", required = true, description = "the address its peers dial (as --hosts of network init gives it)")
  String host;

  @Option(names = "--out", required = true, description = "the node folder to create on this host")
  Path out;

  @Option(names = "--suite", defaultValue = "intl", description = "crypto suite, intl or gm (gm: also a P-256 transport key, tls/key.pem; default ${DEFAULT-VALUE})")
  String suite;

  @Override
  public Integer call() throws Exception {
    NodeRequest r = NodeRequest.create(CaCommand.suite(suite), org, chainId, host, out);
    System.out.println("keys of " + r.name() + " written to " + out.toAbsolutePath() + " (they stay on this host)");
    System.out.println("  send " + out.resolve(NodeRequest.FILE) + " to " + org + "'s CA: medledger ca sign --ca <ca folder>"
        + " --request request.json --out <folder>; put the cert.pem and api/cert.pem it writes"
        + (r.transportKey() != null ? " (and " + NodeRequest.TRANSPORT_CERTIFICATE + ")" : "") + " into " + out);
    return 0;
  }
}
