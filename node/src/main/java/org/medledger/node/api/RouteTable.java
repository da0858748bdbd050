package org.medledger.node.api;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.node.application.ApiRoutes;

/**
 * Every route the API serves, the platform's and the applications', each with who may call it and
 * the largest body it takes: the API server decides access and body size from the registration,
 * never from the look of a path. Filled before the server starts; read while it serves.
 */
final class RouteTable implements ApiRoutes {
  /** One registered route. */
  record Route(HandlerType method, String path, Access access, Handler handler) {
    String key() {
      return key(method, path);
    }

    static String key(HandlerType method, String path) {
      return method.name() + " " + path;
    }
  }

  private final TreeMap<String, Route> routes = new TreeMap<>();
  private final TreeMap<String, Long> bodyLimits = new TreeMap<>();
  private final List<String> publicStateReceipts = new ArrayList<>();
  private final List<String> openApiFragments = new ArrayList<>();
  private volatile boolean sealed;

  @Override
  public synchronized void add(HandlerType method, String path, Access access, Handler handler) {
    checkOpen();
    if (!path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("a route's path starts with '/' and holds no '..': " + path);
    }
    Route r = new Route(method, path, access, handler);
    if (routes.putIfAbsent(r.key(), r) != null) {
      throw new IllegalArgumentException("route " + r.key() + " is registered twice");
    }
  }

  @Override
  public synchronized void bodyLimit(HandlerType method, String path, long bytes) {
    checkOpen();
    if (bytes < 1) {
      throw new IllegalArgumentException("the body limit of " + method + " " + path + " must be positive");
    }
    bodyLimits.put(Route.key(method, path), bytes);
  }

  @Override
  public synchronized void publicStateReceipts(String keyPrefix) {
    checkOpen();
    // A namespace and a '/' at least: a bare prefix would make every contract's state public.
    int slash = keyPrefix.indexOf('/');
    if (slash <= 0 || slash == keyPrefix.length() - 1 || keyPrefix.contains("..")) {
      throw new IllegalArgumentException("a public receipt prefix is namespace/ and more, e.g. drugs/pack/; got '"
          + keyPrefix + "'");
    }
    publicStateReceipts.add(keyPrefix);
  }

  @Override
  public synchronized void openApi(String classpathResource) {
    checkOpen();
    openApiFragments.add(classpathResource);
  }

  /** Mounts every route on {@code app}; no registration is taken after. */
  synchronized void mount(Javalin app) {
    sealed = true;
    for (Route r : routes.values()) {
      app.addHttpHandler(r.method(), r.path(), r.handler());
    }
  }

  /** Who may call the route Javalin matched ({@code ctx.endpointHandlerPath()}), if it is registered here. */
  Optional<Access> access(HandlerType method, String matchedPath) {
    Route r = routes.get(Route.key(method, matchedPath));
    return r == null ? Optional.empty() : Optional.of(r.access());
  }

  /** The registered limit of the route Javalin matched, if one was registered. */
  Optional<Long> bodyLimit(HandlerType method, String matchedPath) {
    return Optional.ofNullable(bodyLimits.get(Route.key(method, matchedPath)));
  }

  long largestBodyLimit() {
    return bodyLimits.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Whether a state key's receipt is public: under a prefix an application registered. */
  boolean isPublicStateKey(String namedKey) {
    return !namedKey.contains("..") && publicStateReceipts.stream().anyMatch(namedKey::startsWith);
  }

  List<String> openApiFragments() {
    return List.copyOf(openApiFragments);
  }

  List<Route> routes() {
    return List.copyOf(routes.values());
  }

  private void checkOpen() {
    if (sealed) {
      throw new IllegalStateException("routes are registered before the API starts");
    }
  }
}
