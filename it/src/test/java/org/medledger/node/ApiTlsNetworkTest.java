package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.node.config.ApiTransport;
import org.medledger.node.config.NodeConfig;

/**
 * Issue 20 finding 4: the REST API serves HTTPS with a certificate of the organisation's CA; a
 * node will not serve it in clear off loopback; the SDK believes only the genesis CAs.
 */
class ApiTlsNetworkTest {
  @TempDir
  Path dir;

  @Test
  void aNodeConfiguredForPlainHttpOffLoopbackOrForNothingDoesNotStartAndOpensNothing() throws Exception {
    NodeConfig base = new BftTestNetwork(dir, "intl", 1).configs.get(0);
    for (String routable : List.of("0.0.0.0", "10.255.0.1")) {
      NodeConfig c = base.withApiTransport(ApiTransport.plainLoopback());
      NodeConfig offLoopback = new NodeConfig(c.nodeName(), c.organisation(), c.genesis(), c.dataDir(), c.certificate(),
          c.privateKey(), routable, 0, c.p2pHost(), c.p2pPort(), c.peers()).withPlainLoopbackApi();
      IllegalArgumentException e = catchThrowableOfType(() -> MedLedgerNode.start(offLoopback), IllegalArgumentException.class);
      assertThat(e).as(routable).isNotNull();
      assertThat(e.getMessage()).contains("api.host '" + routable + "' is not a loopback address", "api.tls");
    }
    IllegalArgumentException unset = catchThrowableOfType(
        () -> MedLedgerNode.start(base.withApiTransport(ApiTransport.UNSET)), IllegalArgumentException.class);
    assertThat(unset.getMessage()).contains("api.tls is not set");
    // Refused before the store or any port was opened (the harness made the node's secrets on
    // purpose beforehand, as an operator does, so the data folder itself exists).
    assertThat(Files.exists(base.dataDir().resolve("ledger"))).isFalse();
  }

  @Test
  void theSdkLogsInAndCommitsOverTlsOnFourValidatorsWhilePlainHttpToTheTlsPortFails() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4).withApiTls();
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      ApiServerTrust trust = ApiServerTrust.of(net.genesis);
      for (int i = 0; i < 4; i++) {
        MedLedgerNode node = running.node(i);
        // The login signs the challenge of the validator whose API certificate the server showed.
        MedLedgerClient wang = new MedLedgerClient("https://127.0.0.1:" + node.apiPort(), trust);
        wang.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
        JsonNode r = wang.submit(net.anchor("tls read " + i), true);
        assertThat(r.path("outcome").path("success").asBoolean()).as(r.toString()).isTrue();
        // Reached by name too (the certificate names localhost), trusting only the node's own organisation's CA.
        assertThat(new MedLedgerClient("https://localhost:" + node.apiPort(), trust.onlyOrganisation("org-" + i))
            .health().path("chainId").asText()).isEqualTo(net.genesis.chainId());
      }
      int port = running.node(0).apiPort();
      // Plain HTTP on the HTTPS port: no answer an HTTP client could read, no data.
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5_000);
        s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        String answer;
        try {
          answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
          answer = "";
        }
        assertThat(answer).doesNotStartWith("HTTP/1.1 200").doesNotContain(net.genesis.chainId());
      }
      ApiException plain = catchThrowableOfType(() -> new MedLedgerClient("http://127.0.0.1:" + port).health(), ApiException.class);
      assertThat(plain).isNotNull();
      // Org-1's CA stands in for org-0's node: refused by a client that talks to org-0.
      ApiException other = catchThrowableOfType(() -> new MedLedgerClient("https://127.0.0.1:" + running.node(1).apiPort(),
          trust.onlyOrganisation("org-0")).health(), ApiException.class);
      assertThat(other.getMessage()).contains("org-1's, but this client talks to org-0's node");
      // A client told to expect node 0 does not sign node 1's challenge.
      String node0 = CertificateId.of(net.suite.hash(), org.medledger.crypto.x509.Pem.parseCertificate(
          Files.readString(net.configs.get(0).certificate()))).hex();
      ApiException relayed = catchThrowableOfType(() -> new MedLedgerClient("https://127.0.0.1:" + running.node(1).apiPort(), trust)
          .expectingNode(node0).login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey)), ApiException.class);
      assertThat(relayed.code()).isEqualTo("wrong_node");
    }
  }
}
