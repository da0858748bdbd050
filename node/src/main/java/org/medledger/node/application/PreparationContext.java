package org.medledger.node.application;

import java.nio.file.Path;
import org.medledger.core.genesis.Genesis;
import org.medledger.node.NodeSecrets;

/** What an application sees before the ledger opens: enough to check it can start, no more. */
public interface PreparationContext {
  Genesis genesis();

  /** The node's secrets folder: an application reads its secrets there and never creates one. */
  NodeSecrets secrets();

  /** The application's own folder, {@code <data>/apps/<name>} (created by the node). */
  Path dataDir();

  /** The operator's passphrase the node was started with, or null (read secrets from files). */
  char[] operatorPassphrase();
}
