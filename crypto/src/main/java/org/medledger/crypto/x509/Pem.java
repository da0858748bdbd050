package org.medledger.crypto.x509;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.internal.Bc;

/**
 * PEM text (RFC 7468) for certificates ("CERTIFICATE", §5), public keys ("PUBLIC KEY",
 * SubjectPublicKeyInfo, §13) and private keys ("PRIVATE KEY", unencrypted PKCS#8, §10). No file
 * I/O: callers read and write the text. Error messages never quote key material.
 */
public final class Pem {
  public static final String CERTIFICATE = "CERTIFICATE";
  public static final String PUBLIC_KEY = "PUBLIC KEY";
  public static final String PRIVATE_KEY = "PRIVATE KEY";

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private Pem() {}

  public static String encode(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
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
        byte[] der;
        try {
          der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("PEM " + label + " block is not valid base64");
        }
        if (der.length == 0) {
          throw new IllegalArgumentException("PEM " + label + " block is empty");
        }
        return der;
      }
    }
    throw new IllegalArgumentException("no PEM '" + label + "' block found");
  }

  public static String certificate(X509Certificate c) {
    try {
      return encode(CERTIFICATE, c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  public static X509Certificate parseCertificate(String pem) {
    return parseCertificate(decode(CERTIFICATE, pem));
  }

  /** Parses DER with Bouncy Castle's provider, which knows SM2 keys as well as P-256. */
  public static X509Certificate parseCertificate(byte[] der) {
    X509Certificate c;
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", Bc.provider());
      c = (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
    }
    if (c == null) {
      throw new IllegalArgumentException("not an X.509 certificate: no data");
    }
    return c;
  }

  /** PKCS#8, unencrypted: the caller protects the text (file permissions, a vault). */
  public static String privateKey(PrivateKey k) {
    return encode(PRIVATE_KEY, k.getEncoded());
  }

  public static String publicKey(PublicKey k) {
    return encode(PUBLIC_KEY, k.getEncoded());
  }

  /** A "PUBLIC KEY" block as a key of {@code scheme}; IllegalArgumentException otherwise. */
  public static PublicKey parsePublicKey(SignatureScheme scheme, String pem) {
    return scheme.decodePublicKey(decode(PUBLIC_KEY, pem));
  }

  /** A "PRIVATE KEY" block as a key of {@code scheme}; IllegalArgumentException otherwise. */
  public static PrivateKey parsePrivateKey(SignatureScheme scheme, String pem) {
    return scheme.decodePrivateKey(decode(PRIVATE_KEY, pem));
  }
}
