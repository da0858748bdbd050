package org.medledger.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class NodeLogProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void slf4jWritesThroughTheNodesProviderOneJsonObjectPerLine() throws Exception {
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith(NodeLogProvider.class.getName());
    String out = captured(() -> {
      MDC.put(NodeLogContext.NODE, "org-7-node");
      MDC.put(NodeLogContext.REQUEST_ID, "abc-123");
      NodeLogContext.nodeStarted("org-7-node", () -> 42);
      try {
        LoggerFactory.getLogger("org.medledger.test.Sample").warn("stored {} of {}\n\"quoted\"", 3, 4,
            new IllegalStateException("boom"));
      } finally {
        NodeLogContext.nodeStopped("org-7-node");
        MDC.clear();
      }
    });
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines[0]);
    assertThat(line.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("logger").asText()).isEqualTo("org.medledger.test.Sample");
    assertThat(line.path("message").asText()).isEqualTo("stored 3 of 4\n\"quoted\"");
    assertThat(line.path("node").asText()).isEqualTo("org-7-node");
    assertThat(line.path("height").asLong()).isEqualTo(42);
    assertThat(line.path("requestId").asText()).isEqualTo("abc-123");
    assertThat(line.path("error").asText()).contains("IllegalStateException: boom");
  }

  @Test
  void belowItsLevelNothingIsWrittenAndJettyStartsAtWarn() throws Exception {
    String out = captured(() -> {
      LoggerFactory.getLogger("org.medledger.test.Sample").debug("not at info");
      LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("not below warn");
    });
    assertThat(out).isEmpty();
  }

  @Test
  void everyMessageEscapesToOneLineOfJsonThatReadsBackTheSame() {
    QuickTheory.qt().forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 200)).checkAssert(message -> {
      LogLine l = new LogLine(0, "INFO", "x", "t", message, null, -1, null, null);
      String json = l.json();
      assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029");
      try {
        assertThat(JSON.readTree(json).path("message").asText()).isEqualTo(message);
      } catch (java.io.IOException e) {
        throw new AssertionError(json, e);
      }
    });
  }

  @Test
  void workHandedToAPoolLogsUnderTheRequestsId() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> { }).get(); // the pool's thread exists before the request, as in the node
      String out = captured(() -> {
        MDC.put(NodeLogContext.REQUEST_ID, "req-9");
        try {
          pool.submit(NodeLogContext.carried(() -> LoggerFactory.getLogger("x.Y").info("placed"))).get();
          pool.submit(() -> LoggerFactory.getLogger("x.Y").info("unrelated")).get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          MDC.clear();
        }
      });
      String[] lines = out.split("\n");
      assertThat(JSON.readTree(lines[0]).path("requestId").asText()).isEqualTo("req-9");
      assertThat(JSON.readTree(lines[1]).has("requestId")).as("the pool thread does not keep it").isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void plainTextWhenChosen() {
    LogLine l = new LogLine(0, "INFO", "org.medledger.node.MedLedgerNode", "main", "serving", "org-0-node", 5, "r1", null);
    assertThat(l.format(LogFormat.TEXT)).endsWith("[main] INFO MedLedgerNode {org-0-node h=5 req=r1} - serving");
  }

  private static String captured(Runnable r) {
    PrintStream err = System.err;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(err);
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
