package org.medledger.node.api;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.BodyLimit;

/**
 * Every route the API serves, the platform's and the applications', each with who may call it and
 * the largest body it takes: the API server decides access and body size from the registration,
 * never from the look of a path. Filled before the server starts; read while it serves.
 */
final class RouteTable implements ApiRoutes {
  /** One registered route. */
  record Route(HandlerType method, String path, Access access, BodyLimit bodyLimit, Serves serves, Handler handler) {
    String key() {
      return key(method, path);
    }

    static String key(HandlerType method, String path) {
      return method.name() + " " + path;
    }
  }

  /** Headers the server decides for every answer: no application sets them. */
  private static final Set<String> SERVER_HEADERS = Set.of("content-type", "content-length", "content-encoding",
      "transfer-encoding", "connection", "date", "server", "authorization", "www-authenticate", "set-cookie", "cookie",
      "cache-control", "pragma", "expires", "etag", "last-modified", "vary", "retry-after", "location",
      "strict-transport-security", "content-security-policy", "x-content-type-options", "x-frame-options");
  private final TreeMap<String, Route> routes = new TreeMap<>();
  /** Headers by path prefix, each prefix's in name order. */
  private final TreeMap<String, TreeMap<String, String>> responseHeaders = new TreeMap<>();
  private final List<String> publicStateReceipts = new ArrayList<>();
  private final List<String> openApiFragments = new ArrayList<>();
  private volatile boolean sealed;

  @Override
  public synchronized void add(HandlerType method, String path, Access access, BodyLimit bodyLimit, Serves serves,
      Handler handler) {
    checkOpen();
    java.util.Objects.requireNonNull(bodyLimit, "bodyLimit");
    java.util.Objects.requireNonNull(serves, "serves");
    if (!path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("a route's path starts with '/' and holds no '..': " + path);
    }
    Route r = new Route(method, path, access, bodyLimit, serves, handler);
    if (routes.putIfAbsent(r.key(), r) != null) {
      throw new IllegalArgumentException("route " + r.key() + " is registered twice");
    }
  }

  @Override
  public synchronized void responseHeaders(String pathPrefix, Map<String, String> headers) {
    checkOpen();
    if (pathPrefix == null || !pathPrefix.startsWith("/") || !pathPrefix.endsWith("/") || pathPrefix.length() < 3
        || pathPrefix.contains("..") || pathPrefix.contains("{")) {
      throw new IllegalArgumentException("a response header prefix is a literal path of one folder or more, /name/;"
          + " got '" + pathPrefix + "'");
    }
    TreeMap<String, String> mine = responseHeaders.computeIfAbsent(pathPrefix, p -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    headers.forEach((name, value) -> {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}") || SERVER_HEADERS.contains(name.toLowerCase(Locale.ROOT))
          || name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
        throw new IllegalArgumentException("header '" + name + "' is not one an application sets on " + pathPrefix
            + " (the server owns content type and length, authentication, caching, CORS, cookies, Retry-After, Location)");
      }
      if (value == null || value.isEmpty() || value.length() > 256 || !value.matches("[\\x20-\\x7e]+")) {
        throw new IllegalArgumentException("header " + name + " on " + pathPrefix + " needs a value of 1 to 256 printable"
            + " ASCII characters");
      }
      // Two registrations of one header over overlapping paths would make an answer's header depend on order.
      responseHeaders.forEach((prefix, set) -> {
        if ((prefix.startsWith(pathPrefix) || pathPrefix.startsWith(prefix)) && set.containsKey(name)
            && !(prefix.equals(pathPrefix) && set.get(name).equals(value))) {
          throw new IllegalArgumentException("header " + name + " is already set on " + prefix + ", which overlaps "
              + pathPrefix);
        }
      });
      mine.put(name, value);
    });
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

  /**
   * The registration of the route Javalin matched ({@code ctx.endpointHandlerPath()}), if it is
   * registered here: who may call it, what it serves.
   */
  Optional<Route> route(HandlerType method, String matchedPath) {
    return Optional.ofNullable(routes.get(Route.key(method, matchedPath)));
  }

  /** The body class of the route Javalin matched; {@link BodyLimit#STANDARD} for one not registered here. */
  BodyLimit bodyLimit(HandlerType method, String matchedPath) {
    Route r = routes.get(Route.key(method, matchedPath));
    return r == null ? BodyLimit.STANDARD : r.bodyLimit();
  }

  /** The headers an answer to {@code path} carries: those of every prefix it is under. */
  Map<String, String> responseHeaders(String path) {
    Map<String, String> all = new TreeMap<>();
    responseHeaders.forEach((prefix, headers) -> {
      if (path.startsWith(prefix)) {
        all.putAll(headers);
      }
    });
    return all;
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
