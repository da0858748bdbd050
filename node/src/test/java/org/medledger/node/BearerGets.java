package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A GET of a node's API with a bearer token as sent (none, forged, another's), the way the
 * refusal-log tests ask: its status, its whole answer, or its JSON once it answered 200.
 */
final class BearerGets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BearerGets() {}

  static int status(String api, String path, String bearer) throws Exception {
    return exchange(api, path, bearer).statusCode();
  }

  static HttpResponse<String> exchange(String api, String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String api, String path, String bearer) throws Exception {
    HttpResponse<String> r = exchange(api, path, bearer);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
