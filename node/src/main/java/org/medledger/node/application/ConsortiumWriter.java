package org.medledger.node.application;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.medledger.crypto.x509.Role;

/**
 * What {@code medledger network init} writes (organisation CAs, validators' keys and node.json,
 * users' identities, the genesis, the applications' network secrets), offered by the CLI to an
 * application's benchmark that starts a consortium of validators in its own process. The CLI
 * provides it through {@code META-INF/services}; an application finds it with {@link #find}.
 */
public interface ConsortiumWriter {
  /** A user to issue a certificate to: {@code <dir>/<organisation>/users/<name>/{cert.pem,key.pem}}. */
  record User(String organisation, String name, Role role) {}

  /**
   * Writes a consortium under {@code dir}, every validator on 127.0.0.1: APIs from {@code
   * firstApiPort} up (0: each picks a free port), node-to-node links from {@code firstP2pPort} up.
   */
  void write(Path dir, String suite, String chainId, List<String> organisations, List<String> validatorOrganisations,
      List<User> users, int firstApiPort, int firstP2pPort) throws IOException;

  /**
   * A port to start node-to-node links from in a consortium on this host: one free now, or {@code
   * fallback} when that one leaves too little room above it for every validator's port.
   */
  static int firstP2pPort(int fallback) throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      return probe.getLocalPort() > 60000 ? fallback : probe.getLocalPort();
    }
  }

  /** The writer the command line provides. */
  static ConsortiumWriter find() {
    return ServiceLoader.load(ConsortiumWriter.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "no ConsortiumWriter on the class path: run this through the medledger command, which provides one"));
  }
}
