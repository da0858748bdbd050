package org.medledger.node.application;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Where an application adds its REST routes. The API server keeps what every route shares: TLS,
 * authentication (every route needs a bearer token unless registered {@link Access#PUBLIC}), the
 * standing re-check of the caller's certificate, per-client rates, body limits, error JSON. A
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

  void add(HandlerType method, String path, Access access, Handler handler);

  default void get(String path, Handler handler) {
    add(HandlerType.GET, path, Access.AUTHENTICATED, handler);
  }

  default void post(String path, Handler handler) {
    add(HandlerType.POST, path, Access.AUTHENTICATED, handler);
  }

  default void publicGet(String path, Handler handler) {
    add(HandlerType.GET, path, Access.PUBLIC, handler);
  }

  /**
   * A route that takes a body larger than the default (a record upload, an EPCIS document): the
   * most it may hold, in bytes; the server refuses a larger one before reading it.
   */
  void bodyLimit(HandlerType method, String path, long bytes);

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
