package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every route the API registers is in the OpenAPI document it serves, with its method. */
class OpenApiCoverageTest {
  @Test
  void everyRegisteredRouteIsDescribed() throws Exception {
    JsonNode paths;
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.json")) {
      paths = new ObjectMapper().readTree(in).get("paths");
    }
    Pattern route = Pattern.compile("app\\.(get|post|put|delete)\\(\"([^\"]+)\"");
    List<String> routes = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/org/medledger/node/api"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = route.matcher(Files.readString(f));
        while (m.find()) {
          routes.add(m.group(1) + " " + m.group(2));
        }
      }
    }
    assertThat(routes).hasSizeGreaterThan(30);
    List<String> missing = new ArrayList<>();
    for (String r : routes) {
      String[] mp = r.split(" ");
      if (!paths.path(mp[1]).has(mp[0])) {
        missing.add(r);
      }
    }
    assertThat(missing).as("routes missing from openapi.json").isEmpty();
  }
}
