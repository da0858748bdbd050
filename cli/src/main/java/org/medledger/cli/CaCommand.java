package org.medledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.concurrent.Callable;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An organisation's own CA, kept on a machine of its own (offline): `ca init` makes its key and
 * self-signed certificate (and its admin's), `ca sign` issues a node's certificates for the
 * request `medledger node request` wrote on the node's host. Only certificates and public keys
 * travel; `network init --ca-cert/--admin-cert/--node-cert` takes them (docs/deploy.md).
 */
@Command(name = "ca", description = "An organisation's own CA, kept offline (docs/deploy.md, \"Your own CA\").",
    subcommands = {CaCommand.Init.class, CaCommand.Sign.class})
final class CaCommand {
  /** As network init's: five years. */
  static final int DEFAULT_DAYS = 5 * 365;

  @Command(name = "init", mixinStandardHelpOptions = true, description = "Make an organisation's CA (<out>/cert.pem,"
      + " <out>/key.pem 0600) and its admin (<out>/users/admin/{cert,key}.pem).")
  static final class Init implements Callable<Integer> {
    @Option(names = "--org", required = true, description = "the organisation, as --orgs of network init names it")
    String org;

    @Option(names = "--out", required = true, description = "folder to create, e.g. hospital-b-ca")
    Path out;

    @Option(names = "--suite", defaultValue = "intl", description = "crypto suite, intl or gm (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--days", defaultValue = "" + DEFAULT_DAYS, description = "validity of the CA and admin certificates (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
      CryptoSuite s = suite(suite);
      if (Files.exists(out.resolve("key.pem")) || Files.exists(out.resolve("cert.pem"))) {
        throw new IllegalStateException(out + " already holds a CA (cert.pem or key.pem); choose another --out");
      }
      if (days < 1 || days > 3650) {
        throw new IllegalArgumentException("--days " + days + " must be 1 to 3650");
      }
      long now = System.currentTimeMillis();
      Date from = new Date(now - 3_600_000L);
      Date to = new Date(now + days * 86_400_000L);
      SecureRandom random = new SecureRandom();
      CertificateAuthority ca = CertificateAuthority.create(s, org, from, to, random);
      NetworkInitializer.writePrivateKeyPair(out, ca.certificate(), ca.keyPair());
      KeyPair adminKeys = s.signatures().generateKeyPair(random);
      X509Certificate admin = ca.issueUser(org + "-admin", Role.ADMIN, adminKeys.getPublic(), from, to);
      NetworkInitializer.writePrivateKeyPair(out.resolve("users").resolve("admin"), admin, adminKeys);
      System.out.println("CA of " + org + " written to " + out.toAbsolutePath() + " (keep key.pem on this machine)");
      System.out.println("  for network init: --ca-cert " + org + "=" + out.resolve("cert.pem") + " --admin-cert " + org + "="
          + out.resolve("users/admin/cert.pem") + " (certificates only; the admin's key.pem goes to the admin)");
      return 0;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true, description = "Issue a node's certificate and its API's"
      + " certificate for the request.json `medledger node request` wrote (and, gm, its P-256 transport certificate);"
      + " writes <out>/cert.pem, <out>/api/cert.pem (gm: <out>/tls/cert.pem) and a copy of the request.")
  static final class Sign implements Callable<Integer> {
    @Option(names = "--ca", required = true, description = "the CA folder `ca init` wrote (cert.pem, key.pem)")
    Path ca;

    @Option(names = "--request", required = true, description = "the node's request.json")
    Path request;

    @Option(names = "--out", required = true, description = "folder for the certificates, copied into the node folder")
    Path out;

    @Option(names = "--days", defaultValue = "" + DEFAULT_DAYS, description = "validity (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
      NodeRequest r = NodeRequest.read(request);
      CertificateAuthority authority;
      try {
        authority = UserCommand.loadCa(CryptoSuites.byId(r.suite()), ca);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ca " + ca + ": key.pem is not the key of cert.pem, or not a key, or not a "
            + r.suite() + " CA as the request's suite needs (" + e.getMessage() + ")");
      }
      if (!Names.organisation(authority.certificate()).equals(r.organisation())) {
        throw new IllegalArgumentException("--request " + request + " is for organisation " + r.organisation() + "; --ca " + ca
            + " is the CA of " + Names.organisation(authority.certificate()));
      }
      if (days < 1 || days > 3650) {
        throw new IllegalArgumentException("--days " + days + " must be 1 to 3650");
      }
      if (!authority.suite().id().equals(r.suite())) {
        throw new IllegalArgumentException("--request " + request + " is for suite " + r.suite() + "; --ca " + ca + " is a "
            + authority.suite().id() + " CA");
      }
      if (Files.exists(out.resolve("cert.pem")) || Files.exists(out.resolve("api").resolve("cert.pem"))
          || Files.exists(out.resolve(NodeRequest.TRANSPORT_CERTIFICATE))) {
        throw new IllegalStateException(out + " already holds certificates; choose another --out");
      }
      long now = System.currentTimeMillis();
      // Hosts' clocks differ a little; never before the CA itself is valid.
      Date from = new Date(Math.max(now - 3_600_000L, authority.certificate().getNotBefore().getTime()));
      Date to = new Date(Math.min(now + days * 86_400_000L, authority.certificate().getNotAfter().getTime()));
      X509Certificate node = NetworkInitializer.nodeCertificate(authority, r.organisation(), r.nodeKey(), from, to, r.host());
      X509Certificate api = NetworkInitializer.apiCertificate(authority, r.organisation(), r.apiKey(), from, to, r.host());
      Files.createDirectories(out.resolve("api"));
      Files.writeString(out.resolve("cert.pem"), Pem.certificate(node));
      Files.writeString(out.resolve("api").resolve("cert.pem"), Pem.certificate(api));
      String copy = "cert.pem and api/cert.pem";
      if (r.transportKey() != null) {
        // The organisation's own CA issues the transport certificate too: peers take a node's
        // "-tls" certificate only from its organisation's CA, and this one names the node certificate it goes with.
        X509Certificate transport = NetworkInitializer.transportCertificate(authority, r.organisation(), r.transportKey(),
            node, from, to, r.host());
        Files.createDirectories(out.resolve(NodeRequest.TRANSPORT_CERTIFICATE).getParent());
        Files.writeString(out.resolve(NodeRequest.TRANSPORT_CERTIFICATE), Pem.certificate(transport));
        copy = "cert.pem, api/cert.pem and " + NodeRequest.TRANSPORT_CERTIFICATE;
      }
      // With the request beside them, the folder is what network init's --node-cert reads (all public).
      if (!Files.exists(out.resolve(NodeRequest.FILE)) || !Files.isSameFile(request, out.resolve(NodeRequest.FILE))) {
        Files.write(out.resolve(NodeRequest.FILE), Files.readAllBytes(request));
      }
      System.out.println("certificates of " + r.name() + " (host " + r.host() + ") written to " + out.toAbsolutePath()
          + " with its request: copy " + copy + " into its node folder; network init takes --node-cert "
          + r.organisation() + "=" + out.resolve("cert.pem"));
      return 0;
    }
  }

  /** The suite an option names, or an error naming the two there are. */
  static CryptoSuite suite(String suite) {
    if (!"intl".equals(suite) && !"gm".equals(suite)) {
      throw new IllegalArgumentException("--suite " + suite + ": the suites are intl and gm");
    }
    return CryptoSuites.byId(suite);
  }
}
