package org.medledger.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How a node's REST API is reached. HTTPS with a server certificate of the organisation's CA
 * ({@code api.tls.certificate}, {@code api.tls.privateKey}: `network init` writes both), or plain
 * HTTP only when asked for ({@code api.plainHttp: true}) and only on a loopback address: bearer
 * tokens, download links and decrypted records must never cross a network in clear.
 *
 * @param tlsCertificate the API server certificate (PEM, ECDSA P-256); null for plain HTTP
 * @param tlsPrivateKey its PKCS#8 key (PEM); null with it
 * @param plainHttp plain HTTP on loopback, chosen explicitly (tests, a single-host demo)
 * @param publicUrl the address clients and patients' phones use ({@code api.publicUrl}, e.g.
 *     {@code https://hospital-a.example:8080}); download links name it. Null: the bound address
 */
public record ApiTransport(Path tlsCertificate, Path tlsPrivateKey, boolean plainHttp, String publicUrl) {
  /** Neither TLS nor plain HTTP chosen: a node so configured does not start. */
  public static final ApiTransport UNSET = new ApiTransport(null, null, false, null);

  public ApiTransport {
    if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
      throw new IllegalArgumentException("api.tls.certificate and api.tls.privateKey go together");
    }
    if (plainHttp && tlsCertificate != null) {
      throw new IllegalArgumentException("api.plainHttp and api.tls exclude each other: choose one");
    }
    if (publicUrl != null) {
      checkPublicUrl(publicUrl, tlsCertificate != null);
    }
  }

  public static ApiTransport tls(Path certificate, Path privateKey) {
    return new ApiTransport(certificate, privateKey, false, null);
  }

  /** Plain HTTP, allowed on a loopback address only. */
  public static ApiTransport plainLoopback() {
    return new ApiTransport(null, null, true, null);
  }

  public ApiTransport withPublicUrl(String url) {
    return new ApiTransport(tlsCertificate, tlsPrivateKey, plainHttp, url);
  }

  public boolean isTls() {
    return tlsCertificate != null;
  }

  public String scheme() {
    return isTls() ? "https" : "http";
  }

  /**
   * Why the API may not be bound to {@code host} this way, naming the setting to change; empty
   * when it may. Decided from the configuration alone (no name lookup): only {@code localhost}
   * and loopback address literals count as loopback, a wildcard ({@code 0.0.0.0}) does not.
   */
  public Optional<String> bindingProblem(String host) {
    if (isTls()) {
      if (isWildcard(host) && publicUrl == null) {
        return Optional.of("api.host '" + host + "' listens on every address, so api.publicUrl must say which one clients "
            + "and download links use (e.g. https://hospital-a.example:8080)");
      }
      return Optional.empty();
    }
    if (!plainHttp) {
      return Optional.of("api.tls is not set: the API serves HTTPS with the certificate `network init` writes "
          + "(api.tls.certificate, api.tls.privateKey); plain HTTP needs api.plainHttp: true and a loopback api.host");
    }
    if (!isLoopback(host)) {
      return Optional.of("api.host '" + host + "' is not a loopback address: plain HTTP (api.plainHttp) would carry "
          + "bearer tokens, download links and records in clear; set api.tls instead");
    }
    return Optional.empty();
  }

  /** {@code localhost}, 127.0.0.0/8 or ::1, written as such. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String o : octets) {
      if (!o.matches("[0-9]{1,3}") || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isWildcard(String host) {
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static void checkPublicUrl(String url, boolean tls) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("api.publicUrl '" + url + "' is not a URL: " + e.getMessage());
    }
    String want = tls ? "https" : "http";
    if (!want.equals(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null
        || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
        || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("api.publicUrl '" + url + "' must be " + want + "://host[:port], nothing more"
          + (tls ? "" : " (https needs api.tls)"));
    }
  }

  /** The public URL without a trailing slash. */
  public Optional<String> publicBase() {
    return Optional.ofNullable(publicUrl).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }
}
