package org.medledger.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Does a server certificate name the host a client dialled? RFC 6125 §6.4 on the subject
 * alternative names only (never the CN): an IP address literal matches an iPAddress entry byte
 * for byte, a DNS name a dNSName entry ignoring case, with "*" allowed as the whole left-most
 * label and matching exactly one label.
 */
final class HostNames {
  private static final int DNS = 2;
  private static final int IP = 7;

  private HostNames() {}

  static boolean matches(X509Certificate cert, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    byte[] ip = ipLiteral(h);
    for (List<?> san : sans(cert)) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
      if (ip != null && type == IP && java.util.Arrays.equals(ip, ipLiteral(value))) {
        return true;
      }
      if (ip == null && type == DNS && dnsMatches(value, h)) {
        return true;
      }
    }
    return false;
  }

  static List<String> names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    for (List<?> san : sans(cert)) {
      out.add(String.valueOf(san.get(1)));
    }
    return out;
  }

  private static Collection<List<?>> sans(X509Certificate cert) {
    try {
      Collection<List<?>> s = cert.getSubjectAlternativeNames();
      return s == null ? List.of() : s;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.")) {
      return false;
    }
    int dot = host.indexOf('.');
    // "*" stands for one whole label, and never for the last two (no "*.com" style wildcard).
    return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.substring(2).contains(".");
  }

  /** The address bytes of an IPv4 or IPv6 literal, null for anything else (never a name lookup). */
  private static byte[] ipLiteral(String s) {
    boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9a-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
