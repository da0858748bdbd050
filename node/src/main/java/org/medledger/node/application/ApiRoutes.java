package org.medledger.node.application;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Where an application adds its REST routes. The API server keeps what every route shares: TLS,
 * authentication (every route needs a bearer token unless registered {@link Access#PUBLIC}), the
 * standing re-check of the caller's certificate, per-client rates, body limits (by the class each
 * route names: {@link BodyLimit}), error JSON. A
 * handler reads the caller with {@code org.medledger.node.api.Requests.identity(ctx)} and refuses
 * with {@code ApiError}.
 */
public interface ApiRoutes {
  enum Access {
    /** A bearer token of a certificate in good standing on the ledger. */
    AUTHENTICATED,
    /** Anyone: a consumer's phone, a download link carrying its own signature. */
    PUBLIC
  }

  /** What a route serves, besides who may call it. */
  enum Serves {
    /** Anything else: registrations, drugs, trials' public registry, the ledger's own records. */
    OTHER,
    /**
     * A patient's health data (a record, her care, her enrolments, her adverse events, a claim's
     * clinical lines): every refused request to it is filed in the node's refusal log, whoever
     * made it and however early it was refused (docs/security.md, "Refused requests").
     */
    HEALTH_DATA
  }

  /**
   * A route: who may call it, what it serves, and the class of the largest body it takes (the
   * operator's sizes give each class its bytes; a larger body is refused, 413, before it is read).
   */
  void add(HandlerType method, String path, Access access, BodyLimit bodyLimit, Serves serves, Handler handler);

  /** A route serving {@link Serves#OTHER} data. */
  default void add(HandlerType method, String path, Access access, BodyLimit bodyLimit, Handler handler) {
    add(method, path, access, bodyLimit, Serves.OTHER, handler);
  }

  /** A route taking {@link BodyLimit#STANDARD} bodies. */
  default void add(HandlerType method, String path, Access access, Handler handler) {
    add(method, path, access, BodyLimit.STANDARD, handler);
  }

  default void get(String path, Handler handler) {
    add(HandlerType.GET, path, Access.AUTHENTICATED, handler);
  }

  default void post(String path, Handler handler) {
    add(HandlerType.POST, path, Access.AUTHENTICATED, handler);
  }

  /** An authenticated {@code POST} whose body may be as large as {@code bodyLimit} (a record upload, an EPCIS document). */
  default void post(String path, BodyLimit bodyLimit, Handler handler) {
    add(HandlerType.POST, path, Access.AUTHENTICATED, bodyLimit, handler);
  }

  default void publicGet(String path, Handler handler) {
    add(HandlerType.GET, path, Access.PUBLIC, handler);
  }

  /**
   * The same table, where every route added is marked {@link Serves#HEALTH_DATA}: {@code
   * routes.servingHealthData().get("/v1/records/{hash}", …)}.
   */
  default ApiRoutes servingHealthData() {
    ApiRoutes table = this;
    return new ApiRoutes() {
      @Override
      public void add(HandlerType method, String path, Access access, BodyLimit bodyLimit, Serves serves, Handler handler) {
        table.add(method, path, access, bodyLimit, Serves.HEALTH_DATA, handler);
      }

      @Override
      public void responseHeaders(String pathPrefix, java.util.Map<String, String> headers) {
        table.responseHeaders(pathPrefix, headers);
      }

      @Override
      public void publicStateReceipts(String keyPrefix) {
        table.publicStateReceipts(keyPrefix);
      }

      @Override
      public void openApi(String classpathResource) {
        table.openApi(classpathResource);
      }
    };
  }

  /**
   * Headers every answer under {@code pathPrefix} carries (e.g. {@code /epcis/}), the server's
   * own too: a 401, 413, 429 or 5xx the platform gives before the route's handler runs. For a
   * binding that requires a header on every response (EPCIS 2.0's {@code GS1-EPCIS-Version}).
   * Headers the server itself owns (content type and length, authentication, caching, CORS,
   * cookies, {@code Retry-After}, {@code Location}) are refused.
   */
  void responseHeaders(String pathPrefix, java.util.Map<String, String> headers);

  /**
   * State receipts of keys under {@code keyPrefix} (e.g. {@code drugs/pack/}) may be fetched
   * without a token: what a public check already tells anyone.
   */
  void publicStateReceipts(String keyPrefix);

  /**
   * An OpenAPI 3 fragment on the class path (a JSON object with {@code paths} and optionally
   * {@code components}) merged into {@code GET /v1/openapi.json}.
   */
  void openApi(String classpathResource);
}
