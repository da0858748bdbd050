package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.x509.Pem;

/**
 * What a demo run's log (its standard error, kept apart from what it prints for people) must be: every
 * line one JSON object with the documented fields, and no secret of any node's data folder, no private
 * key, no API token the demo issued and no patient's id in it.
 */
final class DemoLogCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoLogCheck() {}

  static void assertJsonLinesWithoutSecrets(String log, Path data) throws Exception {
    List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("the nodes log while they run").hasSizeGreaterThan(10);
    boolean someNode = false;
    for (String line : lines) {
      JsonNode j;
      try {
        j = JSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not a JSON object: " + line, e);
      }
      assertThat(j.isObject()).as(line).isTrue();
      for (String field : List.of("time", "level", "logger", "message", "thread")) {
        assertThat(j.has(field)).as(field + " in " + line).isTrue();
      }
      someNode |= j.has("node") && j.has("height");
    }
    assertThat(someNode).as("lines name their node and its height").isTrue();

    List<String> forbidden = new ArrayList<>();
    forbidden.add("PRIVATE KEY");
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (f.getParent().getFileName().toString().equals("secrets")) {
          byte[] b = Files.readAllBytes(f);
          forbidden.add(HexFormat.of().formatHex(b));
          String text = new String(b, java.nio.charset.StandardCharsets.US_ASCII).trim();
          if (text.length() >= 16) {
            forbidden.add(text);
          }
        } else if (name.endsWith("key.pem") || name.endsWith(".key")) {
          byte[] b = Files.readAllBytes(f);
          String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
          if (text.startsWith("-----BEGIN")) {
            String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            forbidden.add(body.substring(0, Math.min(40, body.length())));
          } else {
            forbidden.add(HexFormat.of().formatHex(b));
          }
        }
      }
    }
    JsonNode tokens = JSON.readTree(data.resolve("demo-tokens.json").toFile());
    tokens.forEach(t -> forbidden.add(t.isTextual() ? t.asText() : t.path("token").asText()));
    var genesis = GenesisJson.read(Files.readString(data.resolve("network/genesis.json")));
    var hash = org.medledger.crypto.CryptoSuites.byId(genesis.suite()).hash();
    int patients = 0;
    try (Stream<Path> files = Files.walk(data.resolve("network"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("cert.pem")).toList()) {
        if (f.toString().contains("patient")) {
          var cert = Pem.parseCertificate(Files.readString(f));
          forbidden.add(PatientId.of(hash, cert.getPublicKey().getEncoded()).toString());
          patients++;
        }
      }
    }
    assertThat(patients).as("the demo's patients with certificates").isPositive();
    forbidden.removeIf(String::isBlank);
    for (String secret : forbidden) {
      assertThat(log).as("the log").doesNotContain(secret);
    }
  }
}
