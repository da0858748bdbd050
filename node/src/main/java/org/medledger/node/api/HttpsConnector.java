package org.medledger.node.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.medledger.crypto.x509.Pem;

/**
 * The API's HTTPS listener: the node's API server certificate (ECDSA P-256, issued by its
 * organisation's CA) on Jetty, TLS 1.3 and 1.2 only with forward-secret AEAD suites. The key is
 * held in an in-memory key store; nothing of it is written anywhere.
 */
final class HttpsConnector {
  /** RFC 9325 §4.2: TLS 1.2 only with ECDHE and an AEAD cipher; TLS 1.3's suites are all AEAD. */
  private static final String[] CIPHER_SUITES = {
      "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
  private static final char[] IN_MEMORY = new char[0];
  /** How long a connection may send nothing before it is closed (ApiAbuseTest's slow clients). */
  static final long IDLE_TIMEOUT_MILLIS = 30_000;
  /**
   * The slowest a request body may arrive, on average from its first byte (ApiAbuseTest's slow
   * bodies send 2 B/s). Jetty counts from the first byte to each read, the time before the handler
   * reads included, and does not spare a body that has all arrived: at 4 KiB/s a 1 KB body read
   * 250 ms after it came (a busy server) failed with 408, and so did the demo's records chapter in
   * CI. At 256 B/s a body must wait 4 s per KiB before that can happen.
   */
  static final long MIN_BODY_BYTES_PER_SECOND = 256;

  private final SslContextFactory.Server ssl;

  private HttpsConnector(SslContextFactory.Server ssl) {
    this.ssl = ssl;
  }

  /** Reads the certificate and key; the error names the file and what is wrong with it. */
  static HttpsConnector load(Path certificateFile, Path privateKeyFile) {
    X509Certificate cert;
    PrivateKey key;
    try {
      // The JDK's own classes, so its TLS signs with them whatever CA suite issued the certificate.
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new java.io.ByteArrayInputStream(Pem.parseCertificate(Files.readString(certificateFile)).getEncoded()));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("api.tls.certificate " + certificateFile + " cannot be read: " + e.getMessage(), e);
    }
    try {
      key = KeyFactory.getInstance("EC").generatePrivate(
          new PKCS8EncodedKeySpec(Pem.decode("PRIVATE KEY", Files.readString(privateKeyFile))));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("api.tls.privateKey " + privateKeyFile + " is not a PKCS#8 ECDSA P-256 key: "
          + e.getMessage(), e);
    }
    checkPair(cert, key, certificateFile, privateKeyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", key, IN_MEMORY, new X509Certificate[] {cert});
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword("");
      ssl.setKeyManagerPassword("");
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      ssl.setIncludeCipherSuites(CIPHER_SUITES);
      // Host names are the client's to check against the certificate (RFC 6125); the server does
      // not refuse a client that reached it by an address its certificate does not name.
      ssl.setSniRequired(false);
      return new HttpsConnector(ssl);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot hold the API key in memory: " + e.getMessage(), e);
    }
  }

  private static void checkPair(X509Certificate cert, PrivateKey key, Path certificateFile, Path privateKeyFile) {
    try {
      byte[] probe = {1, 2, 3};
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(cert.getPublicKey());
      s.update(probe);
      if (s.verify(sig)) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Falls through to the message below.
    }
    throw new IllegalArgumentException("api.tls.privateKey " + privateKeyFile + " does not match api.tls.certificate "
        + certificateFile + " (an ECDSA P-256 pair is required)");
  }

  /** A connector on {@code host:port} (0: a free port) that speaks only HTTPS. */
  ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(http);
    // A body trickling in holds a server thread while its handler reads it: past this rate the
    // read fails (408) and the thread is free, so slow bodies (R.U.D.Y.) cannot take them all.
    https.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    c.setHost(host);
    c.setPort(port);
    // Jetty's own default, stated so it stays: a connection silent this long (a slow client
    // holding it, a body declared and never sent) is closed. Waiting connections hold no thread.
    c.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    return c;
  }
}
