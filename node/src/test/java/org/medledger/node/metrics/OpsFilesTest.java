package org.medledger.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/**
 * What ships in ops/ works: promtool accepts the alert rules and their unit tests pass, the scrape
 * job example is a valid Prometheus configuration, and every metric the rules and the Grafana
 * dashboard name is one a real node serves (a renamed meter fails here, not in production).
 */
public class OpsFilesTest {
  private static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
  private static final Path ALERTS = OPS.resolve("prometheus/medledger-alerts.yml");
  private static final Path DASHBOARD = OPS.resolve("grafana/medledger-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("medledger_[a-z_]+");
  @TempDir Path dir;

  @Test
  void alertRulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
    assertThat(Promtool.run(List.of("check", "rules", ALERTS.toString()))).contains("SUCCESS");
    assertThat(Promtool.run(List.of("test", "rules", OPS.resolve("prometheus/medledger-alerts.test.yml").toString())))
        .contains("SUCCESS");
  }

  @Test
  void theScrapeJobExampleIsAValidConfiguration() throws Exception {
    Promtool.assumeInstalled();
    // Its files are on a Prometheus host; here they are made up in a folder of the test's own.
    String example = Files.readString(OPS.resolve("prometheus/prometheus.example.yml"))
        .replace("/etc/prometheus/medledger/", dir.toString() + "/");
    for (String f : List.of("api-ca.pem", "org-0-node.metrics.token", "org-1-node.metrics.token")) {
      Files.writeString(dir.resolve(f), "x");
    }
    Files.copy(ALERTS, dir.resolve("medledger-alerts.yml"));
    Files.writeString(dir.resolve("prometheus.yml"), example);
    assertThat(Promtool.run(List.of("check", "config", "--syntax-only", dir.resolve("prometheus.yml").toString())))
        .contains("SUCCESS");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardNameIsServed() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<Integer> ids = new HashSet<>();
    StringBuilder exprs = new StringBuilder();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      panel.path("targets").forEach(t -> exprs.append(t.path("expr").asText()).append('\n'));
    }
    Set<String> named = new TreeSet<>(names(exprs + Files.readString(ALERTS)));
    assertThat(named).contains("medledger_validators_missing", "medledger_certificate_expiry_timestamp_seconds");

    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      Set<String> served = new TreeSet<>();
      for (String line : node.metrics().scrape().split("\n")) {
        Matcher m = METRIC.matcher(line);
        if (!line.startsWith("#") && m.lookingAt()) {
          served.add(m.group());
        }
      }
      assertThat(served).as("the metrics a node serves").containsAll(named);
      Promtool.checkMetrics(node.metrics().scrape());
    }
  }

  private static Set<String> names(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
