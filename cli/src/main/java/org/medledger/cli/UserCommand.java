package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.application.ApiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An organisation's users: a certificate from the organisation's CA, registered on the ledger by
 * its admin in the same step (so every certificate in use can be revoked), renewed, revoked. The
 * ledger, not this command, decides: a role the genesis does not grant the organisation, or an
 * admin of another organisation, is refused there and nothing is written here.
 */
@Command(name = "user", description = "Add, renew or revoke an organisation's users (certificates from its CA, registered"
    + " on the ledger by its admin).", subcommands = {UserCommand.Add.class, UserCommand.Renew.class, UserCommand.Revoke.class})
final class UserCommand {
  static final String ROLES_HELP = "roles (the certificate's OU): clinician, patient, regulator, insurer, maker, distributor,"
      + " pharmacy, sponsor, admin, and node for a full node's certificate (docs/deploy.md, Full nodes); only a role the"
      + " genesis grants the organisation (its 'roles') is accepted";

  /** What every subcommand needs: the node, and the admin who signs the registration or revocation. */
  static final class Admin {
    @Mixin
    ApiOptions api;

    @Option(names = "--admin", required = true, description = "the organisation admin's identity folder (cert.pem, key.pem),"
        + " e.g. net/hospital-a/users/admin")
    Path admin;

    MedLedgerClient client;
    CryptoSuite suite;
    String chainId;
    ClientIdentity identity;

    void connect() throws java.io.IOException {
      client = api.client();
      JsonNode health = client.health();
      suite = CryptoSuites.byId(health.get("suite").asText());
      chainId = health.get("chainId").asText();
      identity = ClientIdentity.load(suite, admin);
      client.login(identity);
    }

    /** Submits a membership transaction signed by the admin and waits for it; TxCommand's exit codes. */
    int submit(String method, Map<String, String> args) {
      JsonNode r;
      try {
        r = answer(method, args);
      } catch (ApiException e) {
        System.err.println("medledger: refused by the node: " + e.getMessage());
        return TxCommand.REFUSED;
      }
      return report(method, r);
    }

    /** The node's answer to a membership transaction signed by the admin, once committed. */
    JsonNode answer(String method, Map<String, String> args) {
      return client.submit(new TransactionBuilder(identity, chainId, Clock.systemUTC()).build("membership", method, args), true);
    }

    int report(String method, JsonNode r) {
      int code = TxCommand.exitCode(r, false);
      if (code != TxCommand.COMMITTED) {
        System.err.println("medledger: membership." + method + " did not succeed: " + r.path("outcome").toString()
            + (code == TxCommand.NOT_YET_COMMITTED ? " (still pending)" : ""));
      }
      return code;
    }
  }

  /** The CA's certificate and key from its folder (cert.pem, key.pem), as network init wrote them. */
  static CertificateAuthority loadCa(CryptoSuite suite, Path folder) throws java.io.IOException {
    for (String f : new String[] {"cert.pem", "key.pem"}) {
      if (!Files.isRegularFile(folder.resolve(f))) {
        throw new IllegalArgumentException("--ca " + folder + " has no " + f + ": give the organisation's CA folder"
            + " (network init wrote <out>/<organisation>/ca)");
      }
    }
    X509Certificate cert = Pem.parseCertificate(Files.readString(folder.resolve("cert.pem")));
    PrivateKey key = suite.signatures().decodePrivateKey(Pem.decode("PRIVATE KEY", Files.readString(folder.resolve("key.pem"))));
    return CertificateAuthority.of(suite, cert, new KeyPair(cert.getPublicKey(), key), new SecureRandom());
  }

  static Role role(String text) {
    Role r;
    try {
      r = Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--role '" + text + "' is not a role; " + ROLES_HELP);
    }
    return r;
  }

  /**
   * Issues a user certificate valid from five minutes ago (hosts' clocks differ a little) for
   * {@code days}; for role node, a node certificate (a full node's: its TLS links need a node's
   * extensions), which links as a follower once registered and never votes.
   */
  static X509Certificate issue(CertificateAuthority ca, String name, Role role, KeyPair keys, int days) {
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("--days " + days + " must be 1 to 3650");
    }
    long now = System.currentTimeMillis();
    if (role == Role.NODE) {
      return ca.issueNode(name, keys.getPublic(), new Date(now - 300_000L), new Date(now + days * 86_400_000L));
    }
    return ca.issueUser(name, role, keys.getPublic(), new Date(now - 300_000L), new Date(now + days * 86_400_000L));
  }

  /** Not the node's signing key behind the web server: a P-256 key of its own, as network init gives a validator's API. */
  private static void writeApiCertificate(CertificateAuthority authority, Path dir, String name, List<String> hosts, int days)
      throws java.io.IOException {
    List<String> names = new java.util.ArrayList<>(List.of("localhost"));
    List<String> ips = new java.util.ArrayList<>(List.of("127.0.0.1"));
    for (String h : hosts) {
      String host = h.trim();
      if (host.isEmpty()) {
        throw new IllegalArgumentException("--api-host has an empty entry");
      }
      (host.matches("[0-9.]+") || host.contains(":") ? ips : names).add(host);
    }
    KeyPair apiKeys = org.medledger.crypto.CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
    long now = System.currentTimeMillis();
    X509Certificate api = authority.issueApiServer(name, apiKeys.getPublic(), new Date(now - 300_000L),
        new Date(now + days * 86_400_000L), names, ips);
    NetworkInitializer.writePrivateKeyPair(dir, api, apiKeys);
  }

  /**
   * A gm network's node links over TLS with a P-256 key (the JDK's TLS has no SM2), certified by
   * the organisation's SM2 CA under the node's name + "-tls", as network init gives a validator;
   * validators accept it for a full node whose node certificate of that name the ledger registers.
   */
  private static void writeTransportCertificate(CertificateAuthority authority, Path dir, String name, int days)
      throws java.io.IOException {
    KeyPair t = org.medledger.crypto.CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
    long now = System.currentTimeMillis();
    X509Certificate tc = authority.issueTransport(name, t.getPublic(), new Date(now - 300_000L), new Date(now + days * 86_400_000L),
        List.of("localhost"), List.of("127.0.0.1"));
    NetworkInitializer.writePrivateKeyPair(dir, tc, t);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Issue a user certificate from the organisation's CA"
      + " and register it on the ledger (signed by the admin); writes <out>/{cert.pem,key.pem} only once it is registered. "
      + ROLES_HELP + ".")
  static final class Add implements Callable<Integer> {
    @Mixin
    Admin admin;

    @Option(names = "--ca", required = true, description = "the organisation's CA folder (cert.pem, key.pem), e.g. net/hospital-a/ca")
    Path ca;

    @Option(names = "--name", required = true, description = "the user's name (the certificate's CN, 1-64 characters)")
    String name;

    @Option(names = "--role", required = true, description = ROLES_HELP)
    String role;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--out", description = "the new identity folder (default: <ca>/../users/<name>)")
    Path out;

    @Option(names = "--api-host", split = ",", description = "with --role node: the host names and IP addresses a full"
        + " node's HTTPS API answers on; its API certificate (CN=<name>-api, localhost and 127.0.0.1 too) and key go to"
        + " <out>/api/ (docs/deploy.md, section 11)")
    List<String> apiHosts;

    @Override
    public Integer call() throws Exception {
      Role r = role(role);
      if (apiHosts != null && r != Role.NODE) {
        throw new IllegalArgumentException("--api-host is for a full node's certificate (--role node), not a " + r.wireName() + "'s");
      }
      Path folder = out != null ? out : ca.toAbsolutePath().getParent().resolve("users").resolve(name);
      if (Files.exists(folder.resolve("key.pem"))) {
        throw new IllegalArgumentException(folder + " already holds a key: choose another --out, or `user renew --user " + folder + "`");
      }
      admin.connect();
      CertificateAuthority authority = loadCa(admin.suite, ca);
      KeyPair keys = admin.suite.signatures().generateKeyPair(new SecureRandom());
      X509Certificate cert = issue(authority, name, r, keys, days);
      int code = admin.submit("register", Map.of("certificate", Pem.certificate(cert)));
      if (code != TxCommand.COMMITTED) {
        return code;
      }
      NetworkInitializer.writePrivateKeyPair(folder, cert, keys);
      if (apiHosts != null) {
        writeApiCertificate(authority, folder.resolve("api"), name, apiHosts, days);
      }
      if (r == Role.NODE && !admin.suite.id().equals("intl")) {
        writeTransportCertificate(authority, folder.resolve("tls"), name, days);
      }
      System.out.println("registered " + r.wireName() + " " + name + " of " + authority.organisation() + ": certificate "
          + CertificateId.of(admin.suite.hash(), cert).hex() + ", valid until " + cert.getNotAfter().toInstant() + "; identity in " + folder);
      return 0;
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Give a user a new key and certificate (same name"
      + " and role) from the organisation's CA, register it, then revoke the old one; the old files move to"
      + " <user>/previous-<old certificate id>.")
  static final class Renew implements Callable<Integer> {
    @Mixin
    Admin admin;

    @Option(names = "--ca", required = true, description = "the organisation's CA folder (cert.pem, key.pem)")
    Path ca;

    @Option(names = "--user", required = true, description = "the user's identity folder (its cert.pem names who to renew)")
    Path user;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
      X509Certificate old = Pem.parseCertificate(Files.readString(user.resolve("cert.pem")));
      admin.connect();
      CertificateAuthority authority = loadCa(admin.suite, ca);
      if (!authority.organisation().equals(Names.organisation(old))) {
        throw new IllegalArgumentException("--user " + user + " is of " + Names.organisation(old) + ", --ca is the CA of "
            + authority.organisation());
      }
      String name = Names.commonName(old);
      Role r = Role.parse(Names.role(old));
      KeyPair keys = admin.suite.signatures().generateKeyPair(new SecureRandom());
      X509Certificate cert = issue(authority, name, r, keys, days);
      int code = admin.submit("register", Map.of("certificate", Pem.certificate(cert)));
      if (code != TxCommand.COMMITTED) {
        return code;
      }
      String oldId = CertificateId.of(admin.suite.hash(), old).hex();
      Path previous = user.resolve("previous-" + oldId.substring(0, 16));
      Files.createDirectories(previous);
      Files.move(user.resolve("cert.pem"), previous.resolve("cert.pem"));
      Files.move(user.resolve("key.pem"), previous.resolve("key.pem"));
      Files.deleteIfExists(TokenFile.defaultFor(user));
      NetworkInitializer.writePrivateKeyPair(user, cert, keys);
      System.out.println("renewed " + r.wireName() + " " + name + ": certificate " + CertificateId.of(admin.suite.hash(), cert).hex()
          + " registered, valid until " + cert.getNotAfter().toInstant() + "; the old one's files are in " + previous);
      code = admin.submit("revoke", Map.of("certificate", oldId, "reason", "renewed"));
      if (code == TxCommand.COMMITTED) {
        System.out.println("revoked the old certificate " + oldId);
      }
      return code;
    }
  }

  /** Whether the ledger lets this caller revoke that user certificate: its organisation's admin, or a regulator. */
  static boolean mayRevoke(X509Certificate caller, X509Certificate user) {
    String role = Names.role(caller);
    return "regulator".equals(role)
        || ("admin".equals(role) && java.util.Objects.equals(Names.organisation(caller), Names.organisation(user)));
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a user's certificate on the ledger"
      + " (signed by an admin of its organisation, or a regulator): every token of it stops at its next request. A"
      + " certificate the CA issued but nobody registered is registered first, so that it can be revoked.")
  static final class Revoke implements Callable<Integer> {
    @Mixin
    Admin admin;

    @Option(names = "--user", required = true, description = "the user's identity folder, or its cert.pem")
    Path user;

    @Option(names = "--reason", defaultValue = "unspecified", description = "why, recorded on the ledger (e.g. left, key-lost)")
    String reason;

    @Override
    public Integer call() throws Exception {
      Path certFile = Files.isDirectory(user) ? user.resolve("cert.pem") : user;
      X509Certificate cert = Pem.parseCertificate(Files.readString(certFile));
      admin.connect();
      String id = CertificateId.of(admin.suite.hash(), cert).hex();
      JsonNode first;
      try {
        first = admin.answer("revoke", Map.of("certificate", id, "reason", reason));
      } catch (ApiException e) {
        System.err.println("medledger: refused by the node: " + e.getMessage());
        return TxCommand.REFUSED;
      }
      int code;
      if ("not_found".equals(first.path("outcome").path("code").asText()) && mayRevoke(admin.identity.certificate(), cert)) {
        // A certificate its CA issued but nobody registered yet: registered now, so that the
        // revocation lands and its later self-registration and logins are refused.
        System.out.println("certificate " + id + " was not registered: registering it so that it can be revoked");
        code = admin.submit("register", Map.of("certificate", Pem.certificate(cert)));
        if (code == TxCommand.COMMITTED) {
          code = admin.submit("revoke", Map.of("certificate", id, "reason", reason));
        }
      } else {
        code = admin.report("revoke", first);
      }
      if (code == TxCommand.COMMITTED) {
        System.out.println("revoked certificate " + id + " (" + Names.commonName(cert) + " of " + Names.organisation(cert) + ")");
      }
      return code;
    }
  }
}
