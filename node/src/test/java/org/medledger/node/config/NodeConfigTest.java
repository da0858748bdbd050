package org.medledger.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.network.PeerAddress;

class NodeConfigTest {
  @TempDir
  Path dir;

  @Test
  void aWrittenConfigReadsBackWithRelativePathsPeersAndConsensusSettings() throws Exception {
    NodeConfig c = new NodeConfig("a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "10.0.0.1", 8080, "10.0.0.1", 7400,
        List.of(new PeerAddress("b-node", "10.0.0.2", 7401)), dir.resolve("a/tls/cert.pem"), dir.resolve("a/tls/key.pem"),
        new TimeoutPolicy(300, 100), 60_000);
    Path file = dir.resolve("a/node.json");
    Files.createDirectories(file.getParent());
    c.write(file);
    assertThat(Files.readString(file)).contains("\"../genesis.json\"", "\"data\"", "\"heartbeatMillis\" : 60000");
    assertThat(NodeConfig.read(file)).isEqualTo(c);
  }

  /** NodeConfigFuzzTest's finding (fuzz/…/crash-37cc…): a path that is the config's own folder was written as "", which read() refuses. */
  @Test
  void aPathThatIsTheConfigsOwnFolderReadsBack() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\".\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\"}");
    NodeConfig c = NodeConfig.read(file);
    Path again = dir.resolve("again.json");
    c.write(again);
    assertThat(Files.readString(again)).contains("\"genesis\" : \".\"");
    assertThat(NodeConfig.read(again)).isEqualTo(c);
  }

  @Test
  void thePortalsTokenSignInIsOffUnlessTheConfigTurnsItOnAndReadsBack() throws Exception {
    NodeConfig c = new NodeConfig("a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "127.0.0.1", 8080);
    assertThat(c.portalTokenSignIn()).isFalse();
    Path file = dir.resolve("node.json");
    c.write(file);
    assertThat(Files.readString(file)).doesNotContain("tokenSignIn");
    NodeConfig on = c.withPortalTokenSignIn(true);
    on.write(file);
    assertThat(Files.readString(file)).contains("\"tokenSignIn\" : true");
    assertThat(NodeConfig.read(file)).isEqualTo(on);
    // Other changes keep it.
    assertThat(on.withApiPort(9000).withDataDir(dir).withStateRetention(5).withPlainLoopbackApi().portalTokenSignIn()).isTrue();
    Files.writeString(file, Files.readString(file).replace("\"tokenSignIn\" : true", "\"tokenSignIn\" : \"yes\""));
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("ui.tokenSignIn must be true or false");
  }

  @Test
  void aFullNodesRoleReadsBackAndAnUnknownRoleIsNamed() throws Exception {
    NodeConfig c = new NodeConfig("a-full", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "127.0.0.1", 8080);
    assertThat(c.role()).isEqualTo(NodeRole.VALIDATOR);
    Path file = dir.resolve("node.json");
    c.write(file);
    assertThat(Files.readString(file)).as("a validator's file as before").doesNotContain("role");
    NodeConfig full = c.withRole(NodeRole.FULL);
    full.write(file);
    assertThat(Files.readString(file)).contains("\"role\" : \"full\"");
    assertThat(NodeConfig.read(file)).isEqualTo(full);
    assertThat(full.withApiPort(9000).withDataDir(dir).withStateRetention(5).withPlainLoopbackApi().role()).isEqualTo(NodeRole.FULL);
    Files.writeString(file, Files.readString(file).replace("\"role\" : \"full\"", "\"role\" : \"observer\""));
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("role must be 'validator' or 'full', got 'observer'")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aFullNodesShardStoreReadsBackAndIsRefusedOnAValidatorOrWhenNotABoolean() throws Exception {
    NodeConfig c = new NodeConfig("a-full", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "127.0.0.1", 8080).withRole(NodeRole.FULL);
    assertThat(c.shardStore()).isFalse();
    Path file = dir.resolve("node.json");
    c.write(file);
    assertThat(Files.readString(file)).doesNotContain("vault");
    NodeConfig store = c.withShardStore(true);
    store.write(file);
    assertThat(Files.readString(file)).contains("\"shardStore\" : true");
    assertThat(NodeConfig.read(file)).isEqualTo(store);
    assertThat(store.withApiPort(9000).withDataDir(dir).withStateRetention(5).withPlainLoopbackApi().shardStore()).isTrue();
    Files.writeString(file, Files.readString(file).replace("\"shardStore\" : true", "\"shardStore\" : \"yes\""));
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("vault.shardStore must be true or false")
        .hasMessageContaining(file.toString());
    Files.writeString(file, Files.readString(file).replace("\"shardStore\" : \"yes\"", "\"shardStore\" : true")
        .replace("\"role\" : \"full\"", "\"role\" : \"validator\""));
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("vault.shardStore is for a full node")
        .hasMessageContaining("a validator always holds its organisation's shards");
  }

  @Test
  void theRefusalLogsSettingsDefaultReadBackAndABadValueIsRefusedNamingItsField() throws Exception {
    NodeConfig c = new NodeConfig("a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "127.0.0.1", 8080);
    assertThat(c.refusalLog()).isEqualTo(new RefusalLogSettings(500_000, 300));
    Path file = dir.resolve("node.json");
    c.write(file);
    assertThat(Files.readString(file)).as("the defaults are not written").doesNotContain("refusalLog");
    NodeConfig set = c.withRefusalLog(new RefusalLogSettings(2_000, 0));
    set.write(file);
    assertThat(Files.readString(file)).contains("\"retainEntries\" : 2000", "\"anchorEverySeconds\" : 0");
    assertThat(NodeConfig.read(file)).isEqualTo(set);
    assertThat(set.withApiPort(9000).withDataDir(dir).withStateRetention(5).withPlainLoopbackApi().withRole(NodeRole.FULL)
        .refusalLog()).isEqualTo(set.refusalLog());
    String base = "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"refusalLog\":";
    Files.writeString(file, base + "{\"retainEntries\":10}}");
    assertThat(NodeConfig.read(file).refusalLog()).as("one field given, the other its default")
        .isEqualTo(new RefusalLogSettings(10, 300));
    for (String[] bad : new String[][] {
        {"{\"retainEntries\":0}", "refusalLog.retainEntries must be within 1-1000000000"},
        {"{\"retainEntries\":-5}", "refusalLog.retainEntries must be within 1-1000000000"},
        {"{\"retainEntries\":1000000001}", "refusalLog.retainEntries must be within 1-1000000000"},
        {"{\"retainEntries\":\"500000\"}", "refusalLog.retainEntries must be a whole number"},
        {"{\"retainEntries\":2.5}", "refusalLog.retainEntries must be a whole number"},
        {"{\"retainEntries\":99999999999999999999999}", "refusalLog.retainEntries must be a whole number"},
        {"{\"anchorEverySeconds\":-1}", "refusalLog.anchorEverySeconds must be within 0-604800"},
        {"{\"anchorEverySeconds\":604801}", "refusalLog.anchorEverySeconds must be within 0-604800"},
        {"{\"anchorEverySeconds\":true}", "refusalLog.anchorEverySeconds must be a whole number"},
        {"500000", "refusalLog must be an object"}}) {
      Files.writeString(file, base + bad[0] + "}");
      assertThatThrownBy(() -> NodeConfig.read(file)).as(bad[0]).hasMessageContaining(bad[1]).hasMessageContaining(file.toString());
    }
  }

  @Test
  void missingAndBadFieldsAreNamed() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\"}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("'privateKey' is required").hasMessageContaining(file.toString());
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"p2p\":{\"peers\":[{\"name\":\"b\",\"host\":\"h\",\"port\":70000}]}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("port of peer b");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"consensus\":{\"timeoutMillis\":5}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("timeoutMillis must be at least 50");
  }

  @Test
  void theApiTlsSectionReadsBackWithItsPublicUrl() throws Exception {
    NodeConfig c = new NodeConfig("a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "0.0.0.0", 8443, "10.0.0.1", 7400, List.of())
        .withApiTransport(ApiTransport.tls(dir.resolve("a/api/cert.pem"), dir.resolve("a/api/key.pem"))
            .withPublicUrl("https://hospital-a.example:8443"));
    Path file = dir.resolve("a/node.json");
    Files.createDirectories(file.getParent());
    c.write(file);
    assertThat(Files.readString(file)).contains("\"certificate\" : \"api/cert.pem\"", "\"publicUrl\" : \"https://hospital-a.example:8443\"");
    assertThat(NodeConfig.read(file)).isEqualTo(c);
    assertThat(c.apiTransport().bindingProblem(c.apiHost())).isEmpty();
  }

  @Test
  void plainHttpIsAllowedOnlyWhenChosenAndOnlyOnLoopbackEachRefusalNamingTheSetting() {
    ApiTransport plain = ApiTransport.plainLoopback();
    assertThat(plain.bindingProblem("127.0.0.1")).isEmpty();
    assertThat(plain.bindingProblem("localhost")).isEmpty();
    assertThat(plain.bindingProblem("::1")).isEmpty();
    for (String routable : List.of("0.0.0.0", "::", "10.0.0.1", "hospital-a.example", "127.0.0.1.evil.example", "1127.0.0.1")) {
      assertThat(plain.bindingProblem(routable)).as(routable).hasValueSatisfying(
          m -> assertThat(m).contains("api.host '" + routable + "' is not a loopback address", "api.tls"));
    }
    // Neither chosen: not even loopback is served in clear by default.
    assertThat(ApiTransport.UNSET.bindingProblem("127.0.0.1")).hasValueSatisfying(m -> assertThat(m).contains("api.tls is not set"));
    ApiTransport tls = ApiTransport.tls(dir.resolve("c.pem"), dir.resolve("k.pem"));
    assertThat(tls.bindingProblem("0.0.0.0")).hasValueSatisfying(m -> assertThat(m).contains("api.publicUrl"));
    assertThatThrownBy(() -> tls.withPublicUrl("http://hospital-a.example")).hasMessageContaining("must be https://");
    assertThatThrownBy(() -> tls.withPublicUrl("https://evil@hospital-a.example/x")).hasMessageContaining("api.publicUrl");
    assertThatThrownBy(() -> new ApiTransport(dir.resolve("c.pem"), dir.resolve("k.pem"), true, null))
        .hasMessageContaining("exclude each other");
  }

  @Test
  void aConfigWithNeitherTlsNorPlainHttpReadsButNamesTheMissingSettingWhenBound() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"api\":{\"host\":\"0.0.0.0\",\"plainHttp\":true}}");
    NodeConfig c = NodeConfig.read(file);
    assertThat(c.apiTransport().bindingProblem(c.apiHost())).hasValueSatisfying(m -> assertThat(m).contains("api.plainHttp"));
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"api\":{\"plainHttp\":\"yes\"}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("api.plainHttp must be true or false");
  }
}
