package org.medledger.node.application;

import java.nio.file.Path;
import org.medledger.core.genesis.Genesis;
import org.medledger.node.NodeSecrets;

/** What the node hands each application before the ledger opens. */
public record NodePreparationContext(Genesis genesis, NodeSecrets secrets, Path dataDir, char[] operatorPassphrase)
    implements PreparationContext {}
