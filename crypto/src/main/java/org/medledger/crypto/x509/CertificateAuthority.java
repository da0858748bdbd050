package org.medledger.crypto.x509;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Signer;
import org.medledger.crypto.internal.Bc;

/**
 * An organisation's certificate authority: a self-signed CA certificate and its key, issuing node
 * certificates (usable for mutual TLS) and user certificates whose OU carries the holder's role.
 * Validity dates and the random source for keys and serial numbers come from the caller; nothing
 * here reads the clock, so a seeded source gives the same certificates every time.
 */
public final class CertificateAuthority {
  /** The names every node certificate answers to, so a single-host network needs no configuration. */
  public static final List<String> DEFAULT_NODE_HOSTS = List.of("localhost");

  public static final List<String> DEFAULT_NODE_IPS = List.of("127.0.0.1");

  private final CryptoSuite suite;
  private final String organisation;
  private final KeyPair keyPair;
  private final Signer signer;
  private final X509Certificate certificate;
  private final SecureRandom random;

  private CertificateAuthority(
      CryptoSuite suite, String organisation, KeyPair keyPair, X509Certificate certificate, SecureRandom random) {
    this.suite = suite;
    this.organisation = organisation;
    this.keyPair = keyPair;
    this.signer = suite.signatures().signer(keyPair);
    this.certificate = certificate;
    this.random = random;
  }

  /** Creates a new CA "CN=&lt;org&gt; CA,O=&lt;org&gt;" valid over [notBefore, notAfter]. */
  public static CertificateAuthority create(
      CryptoSuite suite, String organisation, Date notBefore, Date notAfter, SecureRandom random) {
    checkOrganisation(organisation);
    checkValidity(notBefore, notAfter);
    KeyPair kp = suite.signatures().generateKeyPair(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organisation).addRDN(BCStyle.CN, organisation + " CA").build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
              subject, serial(random), notBefore, notAfter, subject, kp.getPublic())
          // RFC 5280 §4.2.1.9: a CA; path length 0, since an org CA issues only end entities.
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(suite, organisation, kp, sign(suite, suite.signatures().signer(kp), b), random);
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot create CA for " + organisation + ": " + e.getMessage(), e);
    }
  }

  /** A CA restored from its certificate and key (e.g. read back from PEM files). */
  public static CertificateAuthority of(
      CryptoSuite suite, X509Certificate certificate, KeyPair keyPair, SecureRandom random) {
    String org = Names.organisation(certificate);
    if (org == null) {
      throw new IllegalArgumentException("CA certificate " + certificate.getSubjectX500Principal() + " names no organisation (O=)");
    }
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate of " + org + " is not a CA certificate");
    }
    byte[] certKey = suite.signatures().decodePublicKey(certificate.getPublicKey().getEncoded()).getEncoded();
    byte[] givenKey = suite.signatures().decodePublicKey(keyPair.getPublic().getEncoded()).getEncoded();
    if (!Arrays.equals(certKey, givenKey)) {
      throw new IllegalArgumentException("the key pair given for the CA of " + org + " is not the certificate's");
    }
    return new CertificateAuthority(suite, org, keyPair, certificate, random);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA's keys, for the caller to store (encrypted) — the only way the private key leaves. */
  public KeyPair keyPair() {
    return keyPair;
  }

  public String organisation() {
    return organisation;
  }

  public CryptoSuite suite() {
    return suite;
  }

  /** Node-to-node mutual TLS: each node is a server and a client. */
  private static final KeyPurposeId[] TLS_PEER = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};

  /** A node certificate for localhost and 127.0.0.1. */
  public X509Certificate issueNode(String nodeName, PublicKey key, Date notBefore, Date notAfter) {
    return issueNode(nodeName, key, notBefore, notAfter, List.of(), List.of());
  }

  /**
   * A node certificate: signs blocks and terminates mutual TLS (extended key usage serverAuth and
   * clientAuth, RFC 5280 §4.2.1.12). Its subject alternative names are localhost, 127.0.0.1 and
   * the given host names and IP address literals (RFC 6125 §6.4: TLS checks these, not the CN).
   */
  public X509Certificate issueNode(String nodeName, PublicKey key, Date notBefore, Date notAfter,
      List<String> hostNames, List<String> ipAddresses) {
    return issue(nodeName, Role.NODE, key, notBefore, notAfter, sans(hostNames, ipAddresses), TLS_PEER, true);
  }

  /**
   * A node's transport certificate for an ECDSA P-256 key, signed with this CA's suite. For gm
   * networks: the JDK's TLS has no SM2 (RFC 8998), so node-to-node TLS runs on a P-256 key whose
   * certificate the organisation's SM2 CA issues; blocks are still sealed with the SM2 node key.
   */
  public X509Certificate issueTransport(String nodeName, PublicKey p256Key, Date notBefore, Date notAfter,
      List<String> hostNames, List<String> ipAddresses) {
    return issueTransport(nodeName, p256Key, null, notBefore, notAfter, hostNames, ipAddresses);
  }

  /**
   * A transport certificate bound to the node certificate it travels with: it names that
   * certificate's id in a subject alternative name ({@link #TRANSPORT_BINDING_PREFIX}), so peers
   * take it only while that node certificate is the validator's, and a rotation of the node
   * certificate retires it (a transport certificate naming none is an older release's).
   */
  public X509Certificate issueTransport(String nodeName, PublicKey p256Key, org.medledger.crypto.Hash nodeCertificateId,
      Date notBefore, Date notAfter, List<String> hostNames, List<String> ipAddresses) {
    try {
      org.medledger.crypto.CryptoSuites.intl().signatures().decodePublicKey(p256Key.getEncoded());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a transport key must be ECDSA P-256");
    }
    List<GeneralName> sans = sans(hostNames, ipAddresses);
    if (nodeCertificateId != null) {
      sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, TRANSPORT_BINDING_PREFIX + nodeCertificateId.hex()));
    }
    return issue(nodeName + "-tls", Role.NODE, p256Key, notBefore, notAfter, sans, TLS_PEER, false);
  }

  /** The URI a transport certificate's subject alternative names carry, followed by its node certificate's id in hex. */
  public static final String TRANSPORT_BINDING_PREFIX = "urn:medledger:node-certificate:";

  /**
   * The node certificate id (hex) a transport certificate names ({@link #issueTransport} with an
   * id), or empty when it names none; a certificate naming two is refused as naming none would
   * be ambiguous: IllegalArgumentException.
   */
  public static java.util.Optional<String> transportBinding(X509Certificate transport) {
    java.util.Collection<List<?>> names;
    try {
      names = transport.getSubjectAlternativeNames();
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names: " + e.getMessage());
    }
    String found = null;
    if (names != null) {
      for (List<?> n : names) {
        if (n.size() == 2 && Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(n.get(0))
            && n.get(1) instanceof String uri && uri.startsWith(TRANSPORT_BINDING_PREFIX)) {
          if (found != null) {
            throw new IllegalArgumentException("the transport certificate names two node certificates");
          }
          found = uri.substring(TRANSPORT_BINDING_PREFIX.length());
        }
      }
    }
    return java.util.Optional.ofNullable(found);
  }

  /**
   * A node's REST API server certificate: an ECDSA P-256 key (the JDK's TLS has no SM2), subject
   * "CN=&lt;node&gt;-api,OU=node,O=&lt;org&gt;", extended key usage serverAuth only (RFC 5280
   * §4.2.1.12), so it can neither be a TLS client in the node-to-node mesh nor pass for the node
   * certificate or its "-tls" transport certificate; its subject alternative names are where
   * clients reach the API (RFC 6125 §6.4).
   */
  public X509Certificate issueApiServer(String nodeName, PublicKey p256Key, Date notBefore, Date notAfter,
      List<String> hostNames, List<String> ipAddresses) {
    try {
      org.medledger.crypto.CryptoSuites.intl().signatures().decodePublicKey(p256Key.getEncoded());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("an API server key must be ECDSA P-256");
    }
    return issue(nodeName + API_SUFFIX, Role.NODE, p256Key, notBefore, notAfter, sans(hostNames, ipAddresses),
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, false);
  }

  /** What {@link #issueApiServer} appends to the node's name for its API certificate's CN. */
  public static final String API_SUFFIX = "-api";

  private static List<GeneralName> sans(List<String> hostNames, List<String> ipAddresses) {
    Set<String> hosts = new LinkedHashSet<>(DEFAULT_NODE_HOSTS);
    hosts.addAll(hostNames);
    Set<String> ips = new LinkedHashSet<>(DEFAULT_NODE_IPS);
    ips.addAll(ipAddresses);
    List<GeneralName> sans = new ArrayList<>();
    for (String h : hosts) {
      if (h == null || !h.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*")) {
        throw new IllegalArgumentException("'" + h + "' is not a DNS host name");
      }
      sans.add(new GeneralName(GeneralName.dNSName, h));
    }
    for (String ip : ips) {
      try {
        // A '/' would make it an address range, which only name constraints may carry.
        if (ip.contains("/")) {
          throw new IllegalArgumentException();
        }
        sans.add(new GeneralName(GeneralName.iPAddress, ip));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + ip + "' is not an IP address literal");
      }
    }
    return sans;
  }

  /** A user certificate "CN=&lt;name&gt;,OU=&lt;role&gt;,O=&lt;org&gt;" for a person or system of this organisation. */
  public X509Certificate issueUser(String name, Role role, PublicKey key, Date notBefore, Date notAfter) {
    return issue(name, role, key, notBefore, notAfter, List.of(), null, true);
  }

  private X509Certificate issue(String name, Role role, PublicKey key, Date notBefore, Date notAfter,
      List<GeneralName> sans, KeyPurposeId[] tlsPurposes, boolean suiteKey) {
    // RFC 5280 Appendix A: ub-common-name is 64.
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("certificate name must be 1-64 characters");
    }
    if (role == null) {
      throw new IllegalArgumentException("a certificate needs a role");
    }
    checkValidity(notBefore, notAfter);
    if (suiteKey) {
      try {
        suite.signatures().decodePublicKey(key.getEncoded());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("the key for " + name + " is not a " + suite.signatures().name() + " key");
      }
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organisation).addRDN(BCStyle.OU, role.wireName()).addRDN(BCStyle.CN, name).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), notBefore, notAfter, subject, key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, endEntityKeyUsage())
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      if (tlsPurposes != null) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(tlsPurposes));
      }
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return sign(suite, signer, b);
    } catch (CertIOException | java.security.cert.CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot issue certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * digitalSignature for signatures (ledger, TLS 1.3 CertificateVerify, ECDHE_ECDSA) plus the
   * usage of each suite's key wrap: keyAgreement for ECDH/ECIES on P-256 (RFC 5480 §3 forbids
   * keyEncipherment on id-ecPublicKey keys), keyEncipherment for SM2 public-key encryption
   * (GB/T 32918.4, as GM/T 0015-2012 certificates mark encryption keys) and keyAgreement for SM2
   * key exchange (GB/T 32918.3).
   */
  private KeyUsage endEntityKeyUsage() {
    if ("gm".equals(suite.id())) {
      return new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement);
    }
    return new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement);
  }

  private static X509Certificate sign(CryptoSuite suite, Signer issuer, X509v3CertificateBuilder b) {
    try {
      return new JcaX509CertificateConverter().setProvider(Bc.provider())
          .getCertificate(b.build(new SuiteContentSigner(suite, issuer)));
    } catch (CertificateException e) {
      throw new IllegalStateException("Bouncy Castle cannot read the certificate it built: " + e.getMessage(), e);
    }
  }

  /** RFC 5280 §4.1.2.2: positive, at most 20 octets; 127 random bits make collisions negligible. */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static void checkValidity(Date notBefore, Date notAfter) {
    if (notBefore == null || notAfter == null || !notBefore.before(notAfter)) {
      throw new IllegalArgumentException("validity must run from an earlier to a later date, got "
          + (notBefore == null ? "none" : notBefore.toInstant()) + " to " + (notAfter == null ? "none" : notAfter.toInstant()));
    }
  }

  private static void checkOrganisation(String org) {
    if (org == null || !org.matches("[a-z0-9][a-z0-9\\-]{0,62}")) {
      throw new IllegalArgumentException("organisation name '" + org + "' must be 1-63 characters of a-z 0-9 -");
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + organisation + ", " + suite.id() + "]";
  }
}
