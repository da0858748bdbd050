package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.x509.Role;

/**
 * Issue 20 finding 9 on four real validators: an anonymous flood of login challenges and of
 * oversized bodies, from one address, is answered 429 and 413 while a legitimate user (from
 * another address) logs in and the chain keeps committing.
 */
class BudgetNetworkTest {
  @TempDir
  java.nio.file.Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(MedLedgerNode::close);
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** One raw HTTP/1.1 request from {@code source} (a second loopback address: another client). */
  private static String post(String source, int port, String path, String declaredLength, String body) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
          + "Content-Length: " + declaredLength + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      return response;
    }
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @Test
  void aFloodOfChallengesAndBodiesIsRefusedWhileAUserLogsInAndBlocksCommit() throws Exception {
    List<Role> hospital = List.of(Role.ADMIN, Role.CLINICIAN, Role.PATIENT, Role.NODE);
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(hospital, hospital, hospital, hospital));
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("linked", 30_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    BftTestNetwork.Member clinician = net.member(0, "clinician", Role.CLINICIAN);
    var reg = net.register(clinician);
    assertThat(nodes.get(0).admission().submit(reg)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
    var regId = reg.id(net.suite.hash());
    await("registered", 30_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(regId).isPresent()));
    long heightBefore = nodes.get(0).ledger().height();
    int port = nodes.get(0).apiPort();

    // Anyone can fetch a node's certificate from its P2P port and ask for challenges with it.
    String nodeCertificate = net.genesis.validators().get(1).nodeCertificatePem();
    String body = "{\"certificate\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(nodeCertificate) + "}";
    int tooMany = 0;
    int served = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 150; i++) {
      String r = post("127.0.0.2", port, "/v1/auth/challenge", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length), body);
      if (status(r) == 429) {
        tooMany++;
        assertThat(r).contains("Retry-After").contains("too many requests from this address");
      } else if (status(r) == 200) {
        served++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // The flood keeps asking without waiting, so the tarpit holds its refusals (up to 1 s each):
    // it gets a few refusals and is served no faster than the address's budget, a burst of 60
    // then 20 a second, rather than being refused ninety times in a row.
    assertThat(tooMany).as("the flood past its burst is refused").isPositive();
    assertThat(nodes.get(0).apiTarpit().held()).as("and its refusals held").isPositive();
    assertThat(served).as("served in %.1f s", seconds).isLessThanOrEqualTo(60 + (int) Math.ceil(20 * seconds) + 1)
        .isEqualTo(150 - tooMany);
    // A body declaring 100 MiB on the login route is refused before a byte of it is read.
    String huge = post("127.0.0.3", port, "/v1/auth/challenge", Integer.toString(100 << 20), "{");
    assertThat(status(huge)).isEqualTo(413);
    assertThat(huge).contains("takes a body of at most 65536 bytes");

    MedLedgerClient user = new MedLedgerClient("http://127.0.0.1:" + port);
    user.login(new ClientIdentity(net.suite, clinician.certificate(), clinician.keys().getPrivate()));
    assertThat(user.token()).isNotBlank();
    var next = net.register(net.member(0, "second-clinician", Role.CLINICIAN));
    assertThat(nodes.get(0).admission().submit(next)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
    var nextId = next.id(net.suite.hash());
    await("the chain keeps committing", 30_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(nextId).isPresent()));
    assertThat(nodes.get(0).ledger().height()).isGreaterThan(heightBefore);
  }

  private static String challengeOf(String response) throws Exception {
    String json = response.substring(response.indexOf("\r\n\r\n") + 4);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("challenge").asText();
  }

  /** The lock-out: open challenges are bounded per certificate, its oldest replaced. */
  @Test
  void aCertificateHoldsAtMostEightOpenChallengesTheOldestGivingWay() throws Exception {
    List<Role> hospital = List.of(Role.ADMIN, Role.CLINICIAN, Role.PATIENT, Role.NODE);
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(hospital, hospital, hospital, hospital));
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    int port = nodes.get(0).apiPort();
    String nodeCertificate = net.genesis.validators().get(1).nodeCertificatePem();
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    String body = "{\"certificate\":" + mapper.writeValueAsString(nodeCertificate) + "}";
    String length = Integer.toString(body.getBytes(StandardCharsets.UTF_8).length);
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String r = post("127.0.0.4", port, "/v1/auth/challenge", length, body);
      assertThat(status(r)).as(r).isEqualTo(200);
      open.add(challengeOf(r));
    }
    String badSignature = "00".repeat(64);
    String first = "{\"challenge\":\"" + open.get(0) + "\",\"signature\":\"" + badSignature + "\"}";
    String firstAnswer = post("127.0.0.4", port, "/v1/auth/token", Integer.toString(first.length()), first);
    assertThat(firstAnswer).as("the ninth challenge replaced the first").contains("unknown, used or expired challenge");
    String second = "{\"challenge\":\"" + open.get(1) + "\",\"signature\":\"" + badSignature + "\"}";
    String secondAnswer = post("127.0.0.4", port, "/v1/auth/token", Integer.toString(second.length()), second);
    assertThat(secondAnswer).as("the second is still open: only its signature is wrong").doesNotContain("unknown, used or expired");
    assertThat(status(secondAnswer)).isEqualTo(401);
  }
}
