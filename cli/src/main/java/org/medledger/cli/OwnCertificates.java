package org.medledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.crypto.x509.TrustAnchors;

/**
 * The certificates an organisation that keeps its own CA offline brings to `network init`
 * (--ca-cert, --admin-cert, --node-cert): its CA certificate, its admin's certificate, and for a
 * validator the node certificate and API certificate `medledger ca sign` issued for the node's
 * request, read from the node folder (cert.pem, api/cert.pem, request.json beside each other).
 * Each is checked as the node and Membership will check it (TrustAnchors: issued by that CA,
 * organisation, holder, role), and that it certifies the keys the request names, before anything
 * is written.
 */
final class OwnCertificates {
  /**
   * A validator's node: its certificate, its API's certificate, its transport certificate (gm;
   * null on intl, whose TLS runs on the node certificate) and the request they answer.
   */
  record Node(X509Certificate certificate, X509Certificate api, X509Certificate transport, NodeRequest request) {}

  /** One organisation's: CA and admin certificates, and its node's when it runs a validator. */
  record Organisation(X509Certificate ca, X509Certificate admin, Optional<Node> node) {}

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private OwnCertificates() {}

  /**
   * Reads {@code org=file} options into each organisation's certificates, checked; the error names
   * the option, the organisation and what is wrong.
   */
  static Map<String, Organisation> read(CryptoSuite suite, String chainId, List<String> organisations,
      List<String> validators, Map<String, List<Role>> roles, List<String> caCerts, List<String> adminCerts,
      List<String> nodeCerts) throws IOException {
    Map<String, Path> ca = byOrganisation("--ca-cert", caCerts, organisations);
    Map<String, Path> admin = byOrganisation("--admin-cert", adminCerts, organisations);
    Map<String, Path> node = byOrganisation("--node-cert", nodeCerts, organisations);
    for (String org : admin.keySet()) {
      if (!ca.containsKey(org)) {
        throw new IllegalArgumentException("--admin-cert " + org + "=…: " + org + " has no --ca-cert; network init makes the"
            + " admin of an organisation whose CA it makes");
      }
    }
    for (String org : node.keySet()) {
      if (!ca.containsKey(org)) {
        throw new IllegalArgumentException("--node-cert " + org + "=…: " + org + " has no --ca-cert; network init makes the"
            + " node certificate of an organisation whose CA it makes");
      }
      if (!validators.contains(org)) {
        throw new IllegalArgumentException("--node-cert " + org + "=…: " + org + " runs no validator (see --validators)");
      }
    }
    Map<String, Organisation> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : ca.entrySet()) {
      String org = e.getKey();
      if (!admin.containsKey(org)) {
        throw new IllegalArgumentException("--ca-cert " + org + "=…: also give --admin-cert " + org + "=<its admin's cert.pem>"
            + " (`medledger ca init` wrote <ca>/users/admin/cert.pem): the genesis registers each organisation's admin");
      }
      if (validators.contains(org) && !node.containsKey(org)) {
        throw new IllegalArgumentException("--ca-cert " + org + "=…: " + org + " runs a validator, so also give --node-cert "
            + org + "=<node folder>/cert.pem (`medledger node request`, then `medledger ca sign`)");
      }
      X509Certificate caCert = certificate("--ca-cert", org, e.getValue());
      if (!org.equals(Names.organisation(caCert))) {
        throw new IllegalArgumentException("--ca-cert " + org + "=" + e.getValue() + " is the CA of organisation '"
            + Names.organisation(caCert) + "', not " + org);
      }
      TrustAnchors anchors;
      try {
        anchors = new TrustAnchors(suite, List.of(caCert), Map.of(org, Set.copyOf(roles.get(org))));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("--ca-cert " + org + "=" + e.getValue() + ": " + bad.getMessage());
      }
      X509Certificate adminCert = member("--admin-cert", org, admin.get(org), anchors, Role.ADMIN);
      Optional<Node> n = Optional.empty();
      if (node.containsKey(org)) {
        n = Optional.of(node(suite, chainId, org, node.get(org), anchors));
      }
      out.put(org, new Organisation(caCert, adminCert, n));
    }
    return out;
  }

  private static Node node(CryptoSuite suite, String chainId, String org, Path certFile, TrustAnchors anchors)
      throws IOException {
    X509Certificate cert = member("--node-cert", org, certFile, anchors, Role.NODE);
    Path folder = certFile.toAbsolutePath().getParent();
    NodeRequest request = NodeRequest.read(folder.resolve(NodeRequest.FILE));
    String where = "--node-cert " + org + "=" + certFile;
    if (!request.organisation().equals(org)) {
      throw new IllegalArgumentException(where + ": the request beside it is " + request.organisation() + "'s, not " + org + "'s");
    }
    if (!request.suite().equals(suite.id())) {
      throw new IllegalArgumentException(where + ": the node's request is for suite " + request.suite() + ", this network is "
          + suite.id() + " (make the request again with --suite " + suite.id() + ")");
    }
    if (!request.chainId().equals(chainId)) {
      throw new IllegalArgumentException(where + ": the node's encryption key is certified for chain '" + request.chainId()
          + "', this network is '" + chainId + "' (make the request again with --chain-id " + chainId + ")");
    }
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), request.nodeKey().getEncoded())) {
      throw new IllegalArgumentException(where + ": the certificate is for another key than the node's request names (its"
          + " key.pem): sign this node's request.json with `medledger ca sign`");
    }
    if (!request.name().equals(Names.commonName(cert))) {
      throw new IllegalArgumentException(where + ": the certificate names the node '" + Names.commonName(cert) + "', not "
          + request.name());
    }
    if (!hasPurposes(cert, List.of(SERVER_AUTH, CLIENT_AUTH))) {
      throw new IllegalArgumentException(where + ": the certificate does not allow TLS server and client use (extended key"
          + " usage serverAuth and clientAuth), which node-to-node links need");
    }
    Path apiFile = folder.resolve("api").resolve("cert.pem");
    // The API's key is P-256 in every suite (the JDK's TLS has no SM2): checked as a TLS certificate.
    X509Certificate api = member("--node-cert " + org + " (its api/cert.pem)", org, apiFile, anchors, Role.NODE, true);
    if (!Arrays.equals(api.getPublicKey().getEncoded(), request.apiKey().getEncoded())) {
      throw new IllegalArgumentException(where + ": api/cert.pem is for another key than the request's API key (api/key.pem)");
    }
    if (hasPurposes(api, List.of(CLIENT_AUTH))) {
      throw new IllegalArgumentException(where + ": api/cert.pem allows TLS client use; an API certificate is a server's only");
    }
    X509Certificate transport = null;
    if (request.transportKey() != null) {
      transport = transport(org, where, folder.resolve(NodeRequest.TRANSPORT_CERTIFICATE), anchors, request, cert);
    }
    return new Node(cert, api, transport, request);
  }

  /**
   * A gm node's transport certificate, as its peers will check it: its CA's, named {@code
   * <node>-tls}, for the request's transport key, for TLS server and client use, naming this node
   * certificate (CertificateAuthority#transportBinding).
   */
  private static X509Certificate transport(String org, String where, Path file, TrustAnchors anchors, NodeRequest request,
      X509Certificate node) throws IOException {
    String option = "--node-cert " + org + " (its " + NodeRequest.TRANSPORT_CERTIFICATE + ")";
    X509Certificate t = certificate(option, org, file);
    CertificateCheck check = anchors.checkTransport(t, System.currentTimeMillis(), id -> false);
    if (check instanceof CertificateCheck.Invalid invalid) {
      throw new IllegalArgumentException(option + " " + org + "=" + file + ": " + invalid.reason());
    }
    if (!(request.name() + "-tls").equals(Names.commonName(t))) {
      throw new IllegalArgumentException(where + ": " + NodeRequest.TRANSPORT_CERTIFICATE + " names '" + Names.commonName(t)
          + "', not " + request.name() + "-tls (a transport certificate `medledger ca sign` issues)");
    }
    if (!Arrays.equals(t.getPublicKey().getEncoded(), request.transportKey().getEncoded())) {
      throw new IllegalArgumentException(where + ": " + NodeRequest.TRANSPORT_CERTIFICATE + " is for another key than the"
          + " request's transport key (" + NodeRequest.TRANSPORT_KEY + ")");
    }
    if (!hasPurposes(t, List.of(SERVER_AUTH, CLIENT_AUTH))) {
      throw new IllegalArgumentException(where + ": " + NodeRequest.TRANSPORT_CERTIFICATE + " does not allow TLS server and"
          + " client use, which node-to-node links need");
    }
    String nodeId = CertificateId.of(anchors.suite().hash(), node).hex();
    if (!java.util.Optional.of(nodeId).equals(CertificateAuthority.transportBinding(t))) {
      throw new IllegalArgumentException(where + ": " + NodeRequest.TRANSPORT_CERTIFICATE + " is not bound to this node"
          + " certificate (" + nodeId + "): sign this node's request.json with `medledger ca sign`");
    }
    return t;
  }

  private static boolean hasPurposes(X509Certificate c, List<String> purposes) {
    try {
      List<String> eku = c.getExtendedKeyUsage();
      return eku != null && eku.containsAll(purposes);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /** A member certificate issued by the organisation's CA, with {@code role}, as the node will check it. */
  private static X509Certificate member(String option, String org, Path file, TrustAnchors anchors, Role role)
      throws IOException {
    return member(option, org, file, anchors, role, false);
  }

  private static X509Certificate member(String option, String org, Path file, TrustAnchors anchors, Role role,
      boolean tlsKey) throws IOException {
    X509Certificate c = certificate(option, org, file);
    CertificateCheck check = tlsKey ? anchors.checkTransport(c, System.currentTimeMillis(), id -> false)
        : anchors.check(c, System.currentTimeMillis(), id -> false);
    if (check instanceof CertificateCheck.Invalid invalid) {
      throw new IllegalArgumentException(option + " " + org + "=" + file + ": " + invalid.reason());
    }
    Role held = ((CertificateCheck.Valid) check).member().role();
    if (held != role) {
      throw new IllegalArgumentException(option + " " + org + "=" + file + " is a " + held.wireName() + "'s certificate, not a "
          + role.wireName() + "'s");
    }
    return c;
  }

  private static X509Certificate certificate(String option, String org, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(option + " " + org + "=" + file + ": no such file");
    }
    try {
      return Pem.parseCertificate(Files.readString(file));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " " + org + "=" + file + " is not a PEM certificate: " + e.getMessage());
    }
  }

  private static Map<String, Path> byOrganisation(String option, List<String> values, List<String> organisations) {
    Map<String, Path> out = new TreeMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq <= 0 || eq == v.length() - 1) {
        throw new IllegalArgumentException(option + " '" + v + "' must read <organisation>=<file>");
      }
      String org = v.substring(0, eq);
      if (!organisations.contains(org)) {
        throw new IllegalArgumentException(option + " names organisation '" + org + "', which is not in --orgs");
      }
      if (out.put(org, Path.of(v.substring(eq + 1))) != null) {
        throw new IllegalArgumentException(option + " names organisation " + org + " twice");
      }
    }
    return out;
  }
}
