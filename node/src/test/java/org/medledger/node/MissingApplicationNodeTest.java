package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.GenesisApplication;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.node.application.MissingApplicationException;

/** A node whose genesis names an application its release lacks refuses to start, naming it, before it opens a ledger. */
class MissingApplicationNodeTest {
  @TempDir Path dir;

  @Test
  void refusesToStartNamingTheMissingApplication() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    List<GenesisApplication> named = new ArrayList<>(net.genesis.applicationsRun());
    named.add(new GenesisApplication("trials", 1));
    Files.writeString(net.config.genesis(), GenesisJson.write(net.genesis.withApplications(named)));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).isInstanceOf(MissingApplicationException.class)
        .hasMessageContaining("application 'trials' (version 1) is not in this release");
    assertThat(net.config.dataDir().resolve("ledger")).doesNotExist();
  }
}
