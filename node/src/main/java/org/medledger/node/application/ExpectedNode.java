package org.medledger.node.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The node an {@code --api} address must be ({@code --expect-node}), for a node whose API
 * certificate names no genesis validator — a full node — or to pin any node: a login then signs
 * only a challenge naming its certificate id (so a node relaying another's challenge gets nothing
 * it can use, as with the SDK's {@code expectingNode}), and, when its organisation is known (a
 * genesis validator's name, or its certificate file checked against the member CAs the client
 * trusts), the server's TLS certificate must be that organisation's.
 */
final class ExpectedNode {
  private final String certificateId;
  /** Null for a bare certificate id: nothing tells its organisation. */
  private final String organisation;

  private ExpectedNode(String certificateId, String organisation) {
    this.certificateId = certificateId;
    this.organisation = organisation;
  }

  /** {@code given}: a genesis validator's name, a certificate id (64 hex digits), or a PEM certificate file. */
  static ExpectedNode resolve(String given, ApiServerTrust trust) {
    var hash = trust.genesis().cryptoSuite().hash();
    for (ValidatorEntry v : trust.genesis().validators()) {
      if (v.name().equals(given)) {
        return new ExpectedNode(CertificateId.of(hash, Pem.parseCertificate(v.nodeCertificatePem())).hex(), v.organisation());
      }
    }
    if (given.matches("[0-9a-fA-F]{64}")) {
      return new ExpectedNode(given.toLowerCase(Locale.ROOT), null);
    }
    Path file = Path.of(given);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--expect-node " + given + " is neither a genesis validator's name, a certificate id"
          + " (64 hex digits) nor a certificate file: for a full node give the certificate id `medledger user add` printed,"
          + " or its cert.pem");
    }
    X509Certificate cert;
    try {
      cert = Pem.parseCertificate(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--expect-node " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
    MemberCertificate m = trust.memberOf(cert).orElseThrow(() -> new IllegalArgumentException("--expect-node " + file
        + ": no member organisation's CA of the genesis issued this certificate, or it is expired or revoked"));
    if (m.role() != Role.NODE) {
      throw new IllegalArgumentException("--expect-node " + file + " is a " + m.role().wireName() + " certificate ('" + m.name()
          + "' of " + m.organisation() + "), not a node's");
    }
    return new ExpectedNode(CertificateId.of(hash, cert).hex(), m.organisation());
  }

  /** A client of {@code api} that trusts only this node's organisation's server certificates, when known, and logs in only to it. */
  MedLedgerClient clientOf(String api, ApiServerTrust trust) {
    ApiServerTrust narrowed = organisation == null ? trust : trust.onlyOrganisation(organisation);
    return new MedLedgerClient(api, narrowed).expectingNode(certificateId);
  }

  /** For plain HTTP on loopback (no server certificate to narrow): logs in only to this node. */
  MedLedgerClient plainClientOf(String api) {
    return new MedLedgerClient(api).expectingNode(certificateId);
  }
}
