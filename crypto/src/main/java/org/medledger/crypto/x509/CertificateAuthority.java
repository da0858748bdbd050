package org.medledger.crypto.x509;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.internal.Bc;

/**
 * An organisation's certificate authority: a self-signed CA certificate and its key, issuing node
 * certificates (usable for mutual TLS) and user certificates whose OU carries the holder's role.
 * Validity dates come from the caller; nothing here reads the clock.
 */
public final class CertificateAuthority {
  private final CryptoSuite suite;
  private final String organisation;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final SecureRandom random;

  private CertificateAuthority(CryptoSuite suite, String organisation, KeyPair keyPair, X509Certificate certificate, SecureRandom random) {
    this.suite = suite;
    this.organisation = organisation;
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.random = random;
  }

  /** Creates a new CA for {@code organisation} valid over [notBefore, notAfter]. */
  public static CertificateAuthority create(CryptoSuite suite, String organisation, Date notBefore, Date notAfter, SecureRandom random) {
    checkOrganisation(organisation);
    KeyPair kp = suite.signatures().generateKeyPair(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organisation).addRDN(BCStyle.CN, organisation + " CA").build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random), notBefore, notAfter, subject, kp.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(suite, organisation, kp, sign(suite, kp, b), random);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create CA for " + organisation + ": " + e.getMessage(), e);
    }
  }

  /** A CA restored from its certificate and key (e.g. read back from PEM files). */
  public static CertificateAuthority of(CryptoSuite suite, X509Certificate certificate, KeyPair keyPair, SecureRandom random) {
    String org = Names.organisation(certificate);
    return new CertificateAuthority(suite, org, keyPair, certificate, random);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public String organisation() {
    return organisation;
  }

  /** A node certificate: signs blocks and terminates mutual TLS for {@code hostNames}/{@code ipAddresses}. */
  public X509Certificate issueNode(String nodeName, java.security.PublicKey key, Date notBefore, Date notAfter,
      List<String> hostNames, List<String> ipAddresses) {
    List<GeneralName> sans = new ArrayList<>();
    for (String h : hostNames) {
      sans.add(new GeneralName(GeneralName.dNSName, h));
    }
    for (String ip : ipAddresses) {
      sans.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    return issue(nodeName, Role.NODE, key, notBefore, notAfter, sans, true);
  }

  /** A user certificate for a person or system of this organisation in {@code role}. */
  public X509Certificate issueUser(String name, Role role, java.security.PublicKey key, Date notBefore, Date notAfter) {
    return issue(name, role, key, notBefore, notAfter, List.of(), false);
  }

  private X509Certificate issue(String name, Role role, java.security.PublicKey key, Date notBefore, Date notAfter,
      List<GeneralName> sans, boolean tls) {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("certificate name must be 1-64 characters");
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organisation).addRDN(BCStyle.OU, role.wireName()).addRDN(BCStyle.CN, name).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random), notBefore, notAfter, subject, key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      if (tls) {
        b.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return sign(suite, keyPair, b);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(CryptoSuite suite, KeyPair issuer, X509v3CertificateBuilder b) throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder(suite.signatures().certificateSignatureAlgorithm())
        .setProvider(Bc.provider()).build(issuer.getPrivate());
    return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(b.build(signer));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static void checkOrganisation(String org) {
    if (org == null || !org.matches("[a-z0-9][a-z0-9\\-]{0,62}")) {
      throw new IllegalArgumentException("organisation name '" + org + "' must be 1-63 characters of a-z 0-9 -");
    }
  }

}
