package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.membership.Membership;
import org.medledger.core.refusals.RefusalLogAnchorContract;
import org.medledger.node.TestNetwork;

/**
 * The refusal-log anchors run only on a chain founded at a protocol version that has them: on a
 * chain founded at 1, which validators of an earlier release may still run beside this one, an
 * anchor must meet "no contract named" on every node alike, as it does on theirs.
 */
class PlatformContractsTest {
  @Test
  void theAnchorsContractRunsOnAChainFoundedAtTwoAndNotOnOneFoundedAtOne(@TempDir Path dir) throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    assertThat(net.genesis.protocolVersion()).isEqualTo(2);
    assertThat(Applications.platformContracts(new Membership(net.genesis)).find(RefusalLogAnchorContract.NAME)).isPresent();
    var foundedAtOne = net.genesis.withProtocolVersion(1);
    assertThat(Applications.platformContracts(new Membership(foundedAtOne)).find(RefusalLogAnchorContract.NAME)).isEmpty();
    assertThat(Applications.platformContracts(new Membership(foundedAtOne)).find("evidence")).isPresent();
  }
}
