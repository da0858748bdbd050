package org.medledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The SDK over real TLS (the JDK's HTTPS server and client): it believes only an API server
 * certificate a genesis CA issued to a node for the dialled host (issue 20 finding 4), and a login
 * signs only a challenge naming the validator that certificate belongs to (finding 6).
 */
class ApiServerTrustTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private final SecureRandom random = new SecureRandom();
  private final java.util.Map<X509Certificate, KeyPair> nodeKeys = new java.util.HashMap<>();
  private final Date from = new Date(System.currentTimeMillis() - 3_600_000L);
  private final Date to = new Date(System.currentTimeMillis() + 86_400_000L);
  private final CertificateAuthority caA = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
  private final CertificateAuthority caB = CertificateAuthority.create(SUITE, "hospital-b", from, to, random);
  private final X509Certificate nodeA = node(caA, "hospital-a-node");
  private final X509Certificate nodeB = node(caB, "hospital-b-node");
  private final Genesis genesis = new Genesis("trust-test", SUITE.id(), from.getTime(),
      List.of(new Organisation("hospital-a", Pem.certificate(caA.certificate()), List.of(Role.NODE, Role.ADMIN, Role.CLINICIAN)),
          new Organisation("hospital-b", Pem.certificate(caB.certificate()), List.of(Role.NODE, Role.ADMIN, Role.CLINICIAN))),
      List.of(validator(SUITE, "trust-test", "hospital-a", "hospital-a-node", nodeA),
          validator(SUITE, "trust-test", "hospital-b", "hospital-b-node", nodeB)),
      List.of(), ChainParameters.DEFAULTS);
  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aGenesisCaCertificateForTheDialledHostIsBelieved() throws Exception {
    KeyPair k = p256();
    int port = serve(caA.issueApiServer("hospital-a-node", k.getPublic(), from, to, List.of(), List.of()), k, nodeA);
    assertThat(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis)).health().path("ok").asBoolean()).isTrue();
    assertThat(new MedLedgerClient("https://localhost:" + port, ApiServerTrust.of(genesis).onlyOrganisation("hospital-a"))
        .health().path("ok").asBoolean()).isTrue();
  }

  @Test
  void aCertificateFromACaOutsideTheGenesisIsRefusedEvenUnderAMembersName() throws Exception {
    // Same organisation name, same subject, another key: what someone on the path would mint.
    CertificateAuthority impostor = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
    KeyPair k = p256();
    int port = serve(impostor.issueApiServer("hospital-a-node", k.getPublic(), from, to, List.of(), List.of()), k, nodeA);
    ApiException e = refused(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis)));
    assertThat(e.getMessage()).contains("not the consortium's", "is not signed by");
  }

  @Test
  void aCertificateNotNamingTheDialledHostIsRefused() throws Exception {
    KeyPair k = p256();
    // Names localhost and 127.0.0.1 only; the client dials 127.0.0.2, which also reaches this host.
    int port = serve(caA.issueApiServer("hospital-a-node", k.getPublic(), from, to, List.of(), List.of()), k, nodeA);
    ApiException e = refused(new MedLedgerClient("https://127.0.0.2:" + port, ApiServerTrust.of(genesis)));
    assertThat(e.getMessage()).contains("does not name the host '127.0.0.2'");
  }

  @Test
  void anotherMembersCertificateOrAUsersIsRefused() throws Exception {
    KeyPair k = p256();
    int port = serve(caB.issueApiServer("hospital-b-node", k.getPublic(), from, to, List.of(), List.of()), k, nodeB);
    ApiException e = refused(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis).onlyOrganisation("hospital-a")));
    assertThat(e.getMessage()).contains("hospital-b's, but this client talks to hospital-a's node");
    stop();
    // A clinician's certificate of a genesis CA (hospital-a's CA could put any name in it) is no server's.
    KeyPair u = SUITE.signatures().generateKeyPair(random);
    port = serve(caA.issueUser("dr-wang", Role.CLINICIAN, u.getPublic(), from, to), u, nodeA);
    e = refused(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis)));
    assertThat(e.getMessage()).contains("a clinician certificate");
  }

  @Test
  void plainHttpIsRefusedOffLoopbackAndHttpsWithoutTheGenesis() {
    assertThat(catchThrowableOfType(() -> new MedLedgerClient("http://10.1.2.3:8080"), IllegalArgumentException.class))
        .hasMessageContaining("plain HTTP to another host");
    assertThat(catchThrowableOfType(() -> new MedLedgerClient("https://10.1.2.3:8080"), IllegalArgumentException.class))
        .hasMessageContaining("ApiServerTrust");
  }

  @Test
  void aLoginSignsOnlyAChallengeNamingTheValidatorWhoseCertificateTheServerShowed() throws Exception {
    KeyPair k = p256();
    X509Certificate api = caA.issueApiServer("hospital-a-node", k.getPublic(), from, to, List.of(), List.of());
    assertThat(ApiServerTrust.of(genesis).validatorOf(api)).contains(CertificateId.of(SUITE.hash(), nodeA));
    // A server with hospital-a's API certificate relays hospital-b's node's challenge.
    int port = serve(api, k, nodeB);
    KeyPair clinician = SUITE.signatures().generateKeyPair(random);
    X509Certificate c = caA.issueUser("dr-wang", Role.CLINICIAN, clinician.getPublic(), from, to);
    ApiException e = catchThrowableOfType(() -> new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis))
        .login(new ClientIdentity(SUITE, c, clinician.getPrivate())), ApiException.class);
    assertThat(e.code()).isEqualTo("wrong_node");
    assertThat(tokenRequests).isZero();
  }

  @Test
  void aGmNetworksApiCertificateIsAP256KeyItsSm2CaIssuedAndIsBelieved() throws Exception {
    CryptoSuite gm = CryptoSuites.byId("gm");
    CertificateAuthority ca = CertificateAuthority.create(gm, "hospital-a", from, to, random);
    X509Certificate node = node(gm, ca, "hospital-a-node");
    Genesis g = new Genesis("gm-trust", gm.id(), from.getTime(),
        List.of(new Organisation("hospital-a", Pem.certificate(ca.certificate()), List.of(Role.NODE, Role.ADMIN))),
        List.of(validator(gm, "gm-trust", "hospital-a", "hospital-a-node", node)), List.of(), ChainParameters.DEFAULTS);
    KeyPair k = p256();
    X509Certificate api = ca.issueApiServer("hospital-a-node", k.getPublic(), from, to, List.of(), List.of());
    int port = serve(api, k, node);
    assertThat(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(g)).health().path("ok").asBoolean()).isTrue();
    assertThat(ApiServerTrust.of(g).validatorOf(api)).contains(CertificateId.of(gm.hash(), node));
    // The intl consortium's trust does not take it.
    assertThat(refused(new MedLedgerClient("https://127.0.0.1:" + port, ApiServerTrust.of(genesis))).getMessage())
        .contains("not the consortium's");
  }

  private int tokenRequests;

  private static ApiException refused(MedLedgerClient client) {
    ApiException e = catchThrowableOfType(client::health, ApiException.class);
    assertThat(e).as("the server was believed").isNotNull();
    assertThat(e.code()).isEqualTo("unreachable");
    return e;
  }

  /** An HTTPS server on all loopback addresses presenting {@code cert}; its challenges name {@code challengeNode}. */
  private int serve(X509Certificate cert, KeyPair keys, X509Certificate challengeNode) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    X509Certificate jdkCert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    var jdkKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded()));
    store.setKeyEntry("api", jdkKey, new char[0], new X509Certificate[] {jdkCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, random);
    server = HttpsServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    String node = CertificateId.of(SUITE.hash(), challengeNode).hex();
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v1/auth/token")) {
        tokenRequests++;
      }
      String body = path.equals("/v1/auth/challenge")
          ? "{\"chainId\":\"trust-test\",\"node\":\"" + node + "\",\"challenge\":\"" + "ab".repeat(32) + "\"}"
          : "{\"ok\":true}";
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, b.length);
      exchange.getResponseBody().write(b);
      exchange.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private KeyPair p256() {
    return CryptoSuites.intl().signatures().generateKeyPair(random);
  }

  private X509Certificate node(CertificateAuthority ca, String name) {
    return node(SUITE, ca, name);
  }

  private X509Certificate node(CryptoSuite suite, CertificateAuthority ca, String name) {
    KeyPair k = suite.signatures().generateKeyPair(random);
    X509Certificate c = ca.issueNode(name, k.getPublic(), from, to);
    nodeKeys.put(c, k);
    return c;
  }

  /** A genesis validator entry: the node certificate and its encryption key, certified by the node key (genesis v3). */
  private ValidatorEntry validator(CryptoSuite suite, String chainId, String organisation, String name, X509Certificate node) {
    return new ValidatorEntry(organisation, name, Pem.certificate(node), org.medledger.crypto.EncryptionKeyCertificate.issue(suite,
        suite.signatures().signer(nodeKeys.get(node)), chainId, org.medledger.crypto.EncryptionKeyCertificate.nodeHolder(name),
        suite.generateEncryptionKeyPair(random).getPublic()));
  }

}
