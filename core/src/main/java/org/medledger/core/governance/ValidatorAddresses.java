package org.medledger.core.governance;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Where a voted-in validator's peers reach it: the {@code peerAddress} an {@code add-validator}
 * proposal states, kept by the ledger under the validator's name so every validator dials it
 * from the change on, with no configuration edit or restart (docs/governance.md). Only an
 * address: the link it leads to is still authenticated by the certificate the ledger holds for
 * that validator, so a wrong address costs a failed handshake, not a seat.
 */
public final class ValidatorAddresses {
  /** The proposal term and the API field. */
  public static final String TERM = "peerAddress";
  static final String PREFIX = "consortium/validator-address/";
  private static final String HOST_LABEL = "[A-Za-z0-9]([A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?";

  private ValidatorAddresses() {}

  /** A peer address split into what a dialler needs; {@code host} without IPv6 brackets. */
  public record HostPort(String host, int port) {}

  static String key(String validator) {
    return PREFIX + validator;
  }

  /** The full state key ({@code consortium ‖ 0x00 ‖ validator-address/<name>}) of a validator's address. */
  public static byte[] stateKey(String validator) {
    return StateKeys.of(Consortium.NAMESPACE, key(validator));
  }

  /** The address the ledger holds for {@code validator} ("host:port"), if its add-validator stated one. */
  public static Optional<String> of(StateReader state, String validator) {
    byte[] v = state.get(stateKey(validator));
    return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.US_ASCII));
  }

  static byte[] encode(String address) {
    return address.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@code text} as {@code host:port}: a DNS name, an IPv4 address or a bracketed IPv6 address,
   * and a port within 1-65535. Nothing is resolved (the ledger does no I/O). IllegalArgumentException
   * naming what is wrong.
   */
  public static HostPort parse(String text) {
    String what = "peerAddress '" + text + "'";
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(what + " must be host:port, e.g. 10.0.0.5:7400 or node5.example.org:7400");
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
      throw new IllegalArgumentException(what + ": port '" + portText + "' must be a number within 1-65535");
    }
    int port = Integer.parseInt(portText);
    if (host.startsWith("[") && host.endsWith("]")) {
      String v6 = host.substring(1, host.length() - 1);
      if (!v6.matches("[0-9A-Fa-f:.]{2,45}") || !v6.contains(":")) {
        throw new IllegalArgumentException(what + ": '" + host + "' is not an IPv6 address");
      }
      return new HostPort(v6, port);
    }
    if (host.contains(":")) {
      throw new IllegalArgumentException(what + ": an IPv6 host goes in brackets, e.g. [2001:db8::5]:7400");
    }
    if (host.matches("[0-9.]+")) {
      String[] parts = host.split("\\.", -1);
      boolean ok = parts.length == 4;
      for (String p : parts) {
        ok = ok && p.matches("[0-9]{1,3}") && Integer.parseInt(p) <= 255;
      }
      if (!ok) {
        throw new IllegalArgumentException(what + ": '" + host + "' is not an IPv4 address");
      }
      return new HostPort(host, port);
    }
    if (host.length() > 253 || !host.matches(HOST_LABEL + "(\\." + HOST_LABEL + ")*")) {
      throw new IllegalArgumentException(what + ": host '" + host + "' is not a DNS name (letters, digits, '-' and '.'"
          + " labels of at most 63 characters)");
    }
    return new HostPort(host, port);
  }
}
