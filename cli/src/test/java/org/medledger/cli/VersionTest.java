package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.medledger.core.governance.ProtocolVersion;

/** `medledger --version` names the release and the protocol version it runs, which an operator compares with an upgrade's. */
class VersionTest {
  @Test
  void theVersionNamesTheReleaseAndItsProtocolVersion() {
    StringWriter out = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out)).execute("--version");
    assertThat(code).isZero();
    assertThat(out.toString().trim()).isEqualTo("medledger 0.1.0 (protocol version " + ProtocolVersion.CURRENT + ")");
  }
}
