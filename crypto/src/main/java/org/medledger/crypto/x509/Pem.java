package org.medledger.crypto.x509;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.crypto.internal.Bc;

/** PEM (RFC 7468) text for certificates, public keys and PKCS#8 private keys. No file I/O. */
public final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private Pem() {}

  public static String encode(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
  }

  /** The DER bytes of the first block with that label; IllegalArgumentException when absent. */
  public static byte[] decode(String label, String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM text given (expected " + label + ")");
    }
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(label)) {
        try {
          return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("PEM " + label + " block is not valid base64");
        }
      }
    }
    throw new IllegalArgumentException("no PEM '" + label + "' block found");
  }

  public static String certificate(X509Certificate c) {
    try {
      return encode("CERTIFICATE", c.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509Certificate parseCertificate(String pem) {
    return parseCertificate(decode("CERTIFICATE", pem));
  }

  /** Parses DER with Bouncy Castle's provider, which knows SM2 keys as well as P-256. */
  public static X509Certificate parseCertificate(byte[] der) {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", Bc.provider());
      return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
    }
  }

  public static String privateKey(java.security.PrivateKey k) {
    return encode("PRIVATE KEY", k.getEncoded());
  }

  public static String publicKey(java.security.PublicKey k) {
    return encode("PUBLIC KEY", k.getEncoded());
  }
}
