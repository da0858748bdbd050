package org.medledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.CryptoSuites;
import org.medledger.node.application.ApiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gets an API token for an identity folder: asks the node for a challenge, signs the challenge
 * text the node's answer gives in {@code sign} (DER-encoded ECDSA, or SM2 on a gm network, sent as
 * hex) and writes the token it returns to a file for {@code api get}, curl or any HTTP client.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log in with an identity folder (cert.pem, key.pem) and write the API token to a file (default"
        + " <identity>/token, owner-only). The certificate must be registered on the ledger (network init registers"
        + " each admin; `medledger user add` registers the users it issues).")
final class LoginCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Option(names = "--identity", required = true, description = "folder with cert.pem and key.pem")
  Path identity;

  @Option(names = "--token-file", description = "where to write the token (default: <identity>/token)")
  Path tokenFile;

  @Override
  public Integer call() throws Exception {
    MedLedgerClient client = api.client();
    ClientIdentity id = ClientIdentity.load(CryptoSuites.byId(client.health().get("suite").asText()), identity);
    String token = client.login(id);
    Path out = tokenFile == null ? TokenFile.defaultFor(identity) : tokenFile;
    TokenFile.write(out, token);
    System.out.println("logged in as certificate " + id.certificateId().hex() + "; token written to " + out
        + " (send it as 'Authorization: Bearer <token>'; `medledger api get` reads it)");
    return 0;
  }
}
