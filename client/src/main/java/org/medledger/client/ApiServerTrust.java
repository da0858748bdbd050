package org.medledger.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.crypto.x509.TrustAnchors;

/**
 * Whom a client believes is a node's REST API: a server certificate one of the genesis CAs
 * (or, {@link #withLedger}, of the member organisations the ledger is proven to hold) issued (nothing from the JDK's public CAs, which know nothing of a consortium), for a node
 * (OU=node), marked for TLS servers (serverAuth), valid now, naming the host the client dialled
 * in its subject alternative names (RFC 6125 §6.4; the CN is never read as a host), and, when
 * narrowed with {@link #onlyOrganisation}, issued by that one organisation's CA, so that no
 * other member can stand in for its node. Revoked in the genesis, it is refused; with {@link
 * #withLedger}, so is one the ledger's proven state revokes ({@link ProvenConsortium#revocation}),
 * which is asked when a server shows it, at the block the member list is proven after.
 */
public final class ApiServerTrust extends X509ExtendedTrustManager {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private final Genesis genesis;
  /** The genesis's organisations, or those a {@link ProvenConsortium} proved the ledger holds. */
  private final List<Organisation> organisations;
  private final TrustAnchors anchors;
  /** The validators whose API certificates name a login's node: the genesis's, or those in force on the ledger. */
  private final List<ValidatorEntry> validators;
  private final String organisation;
  private final Clock clock;
  /** The ledger's proven consortium whose revocations a server's certificate is checked against; null: the genesis's only. */
  private final ProvenConsortium ledger;

  private ApiServerTrust(Genesis genesis, List<Organisation> organisations, List<ValidatorEntry> validators,
      String organisation, Clock clock, ProvenConsortium ledger) {
    this.genesis = genesis;
    this.ledger = ledger;
    this.organisations = organisations;
    this.anchors = new Membership(genesis).anchorsOf(organisations);
    this.validators = validators;
    this.organisation = organisation;
    this.clock = clock;
  }

  /** Trusts API servers of any genesis organisation. */
  public static ApiServerTrust of(Genesis genesis) {
    return new ApiServerTrust(genesis, genesis.organisations(), genesis.validators(), null, Clock.systemUTC(), null);
  }

  /**
   * Trusts API servers of the organisations {@code consortium} proved the ledger holds (a voted-in
   * one's too, a removed one's no longer), and names in a login the node of a validator in force
   * there, and refuses an API certificate the ledger revoked by then (proven through the node the
   * list came through, when a server shows it). Narrowing with {@link #onlyOrganisation} is kept.
   */
  public ApiServerTrust withLedger(ProvenConsortium consortium) {
    if (organisation != null && consortium.organisations().stream().noneMatch(o -> o.name().equals(organisation))) {
      throw new ApiException(0, "unknown_organisation", "the member organisations proven after block " + consortium.height()
          + " do not include '" + organisation + "', the organisation this client talks to");
    }
    return new ApiServerTrust(genesis, consortium.organisations(), consortium.validators(), organisation, clock, consortium);
  }

  /** Reads the genesis file the consortium published. */
  public static ApiServerTrust read(Path genesisFile) throws IOException {
    try {
      return of(GenesisJson.read(Files.readString(genesisFile)));
    } catch (IOException e) {
      throw new IOException("cannot read the genesis " + genesisFile + " (the API's trust comes from it): " + e.getMessage(), e);
    }
  }

  /** Trusts only API servers whose certificate {@code org}'s CA issued. */
  public ApiServerTrust onlyOrganisation(String org) {
    if (organisations.stream().noneMatch(o -> o.name().equals(org))) {
      throw new IllegalArgumentException("no member organisation '" + org + "' (the trusted members: "
          + organisations.stream().map(Organisation::name).toList() + ")");
    }
    return new ApiServerTrust(genesis, organisations, validators, org, clock, ledger);
  }

  ApiServerTrust at(Clock c) {
    return new ApiServerTrust(genesis, organisations, validators, organisation, c, ledger);
  }

  public Genesis genesis() {
    return genesis;
  }

  /** A TLS context whose only trust is this one, e.g. for a plain {@code java.net.http.HttpClient}. */
  public SSLContext sslContext() {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new javax.net.ssl.TrustManager[] {this}, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate id of the validator whose API server certificate this is (issued as
   * "&lt;validator name&gt;-api" by the validator's organisation's CA): the node a login's
   * challenge must name. Empty when the certificate belongs to no genesis validator (with {@link
   * #withLedger}: to no validator in force at the proven height).
   */
  public Optional<Hash> validatorOf(X509Certificate apiCertificate) {
    Optional<MemberCertificate> m = member(apiCertificate);
    if (m.isEmpty() || !m.get().name().endsWith(CertificateAuthority.API_SUFFIX)) {
      return Optional.empty();
    }
    String node = m.get().name().substring(0, m.get().name().length() - CertificateAuthority.API_SUFFIX.length());
    for (ValidatorEntry v : validators) {
      if (v.organisation().equals(m.get().organisation()) && v.name().equals(node)) {
        return Optional.of(CertificateId.of(genesis.cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem())));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code cert}'s member entry when a trusted organisation's CA issued it, valid now and not
   * revoked by the genesis: whose node a certificate a client was handed is.
   */
  public Optional<MemberCertificate> memberOf(X509Certificate cert) {
    return member(cert);
  }

  private Optional<MemberCertificate> member(X509Certificate cert) {
    Set<String> revoked = new HashSet<>(genesis.revokedCertificates());
    CertificateCheck c = anchors.checkTransport(cert, clock.millis(), id -> revoked.contains(id.hex()));
    return c instanceof CertificateCheck.Valid v ? Optional.of(v.member()) : Optional.empty();
  }

  /** Why {@code chain} may not serve {@code host}; the message names the certificate and the rule. */
  void check(X509Certificate[] chain, String host) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the API server presented no certificate");
    }
    X509Certificate cert = chain[0];
    Set<String> revoked = new HashSet<>(genesis.revokedCertificates());
    CertificateCheck c = anchors.checkTransport(cert, clock.millis(), id -> revoked.contains(id.hex()));
    if (c instanceof CertificateCheck.Invalid i) {
      throw new CertificateException("the API server's certificate is not the consortium's: " + i.reason());
    }
    MemberCertificate m = ((CertificateCheck.Valid) c).member();
    if (m.role() != Role.NODE) {
      throw new CertificateException("the API server presented a " + m.role().wireName() + " certificate ('" + m.name()
          + "' of " + m.organisation() + "), not a node's");
    }
    if (organisation != null && !organisation.equals(m.organisation())) {
      throw new CertificateException("the API server's certificate is " + m.organisation() + "'s, but this client talks to "
          + organisation + "'s node");
    }
    List<String> purposes;
    try {
      purposes = cert.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new CertificateException("the API server's certificate has an unreadable extended key usage", e);
    }
    if (purposes == null || !purposes.contains(SERVER_AUTH)) {
      throw new CertificateException("the API server's certificate '" + m.name() + "' is not marked for TLS servers (serverAuth)");
    }
    if (host == null || !HostNames.matches(cert, host)) {
      throw new CertificateException("the API server's certificate '" + m.name() + "' of " + m.organisation()
          + " does not name the host '" + host + "' (its names: " + HostNames.names(cert) + ")");
    }
    if (ledger != null) {
      // Last: only a certificate that passed every other rule costs a proof from the ledger.
      Optional<String> onLedger;
      try {
        onLedger = ledger.revocation(m.id());
      } catch (ApiException e) {
        throw new CertificateException("the API server's certificate '" + m.name() + "' of " + m.organisation() + ": "
            + e.getMessage());
      }
      if (onLedger.isPresent()) {
        throw new CertificateException("the API server's certificate '" + m.name() + "' of " + m.organisation() + " ("
            + m.id() + ") is revoked on the ledger (proven after block " + ledger.height() + ", reason: " + onLedger.get() + ")");
      }
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket s && s.getHandshakeSession() != null) {
      host = s.getHandshakeSession().getPeerHost();
    }
    check(chain, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    // No connection to learn the host from: refuse rather than skip the host check.
    throw new CertificateException("the API server's host is unknown, so its certificate cannot be checked");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a client's trust in API servers does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
