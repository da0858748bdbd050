package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records what an application registers, as the API server's route table would take it: the
 * applications' own tests pin their routes, access, body classes (those larger than standard),
 * response headers and OpenAPI fragments with it.
 */
public final class RecordingRoutes implements ApiRoutes {
  public final TreeMap<String, Handler> routes = new TreeMap<>();
  public final TreeMap<String, BodyLimit> bodyLimits = new TreeMap<>();
  public final TreeMap<String, Map<String, String>> responseHeaders = new TreeMap<>();
  public final List<String> publicStateReceipts = new ArrayList<>();
  public final List<String> openApi = new ArrayList<>();
  /** "METHOD /path" of each route registered as serving health data. */
  public final java.util.TreeSet<String> healthData = new java.util.TreeSet<>();

  @Override
  public void add(HandlerType method, String path, Access access, BodyLimit bodyLimit, Serves serves, Handler handler) {
    if (serves == Serves.HEALTH_DATA) {
      healthData.add(method + " " + path);
    }
    assertThat(routes.put(method + " " + path + " " + access, handler)).as(method + " " + path + " registered twice").isNull();
    if (bodyLimit.isLarge()) {
      bodyLimits.put(method + " " + path, bodyLimit);
    }
  }

  @Override
  public void responseHeaders(String pathPrefix, Map<String, String> headers) {
    responseHeaders.computeIfAbsent(pathPrefix, p -> new TreeMap<>()).putAll(headers);
  }

  @Override
  public void publicStateReceipts(String keyPrefix) {
    publicStateReceipts.add(keyPrefix);
  }

  @Override
  public void openApi(String classpathResource) {
    openApi.add(classpathResource);
  }
}
