package org.medledger.node.api;

import io.javalin.http.HandlerType;

/**
 * How large a request body each route takes. Only the routes that upload a health document (a
 * record, a FHIR resource) take the vault's ~101 MiB; a transaction or a batch of them, an EPCIS
 * document, and everything else (logins, JSON commands) take far less, so an anonymous
 * {@code /v1/auth/challenge} can no longer make the node buffer 100 MiB.
 *
 * @param documentBytes a record or FHIR resource upload
 * @param batchBytes {@code POST /v1/transactions/batch}
 * @param transactionBytes {@code POST /v1/transactions} (hex in JSON doubles a transaction's size)
 * @param epcisBytes {@code POST /epcis/capture}
 * @param otherBytes every other route, the auth handshake included
 */
public record BodyLimits(long documentBytes, long batchBytes, long transactionBytes, long epcisBytes, long otherBytes) {
  public BodyLimits {
    if (documentBytes < 1 || batchBytes < 1 || transactionBytes < 1 || epcisBytes < 1 || otherBytes < 1) {
      throw new IllegalArgumentException("body limits must be positive");
    }
  }

  /** The limits for a network whose transactions are at most {@code maxTransactionBytes}. */
  public static BodyLimits forTransactions(int maxTransactionBytes) {
    return new BodyLimits(org.medledger.node.vault.VaultService.MAX_RECORD_BYTES, 32L << 20,
        2L * maxTransactionBytes + 4096, 8L << 20, 64L << 10);
  }

  /** The most a body may hold on {@code method path}. */
  public long limitFor(HandlerType method, String path) {
    if (method != HandlerType.POST && method != HandlerType.PUT) {
      return otherBytes;
    }
    if (path.equals("/v1/records") || (path.startsWith("/fhir/") && path.indexOf('/', 6) < 0)) {
      return documentBytes;
    }
    return switch (path) {
      case "/v1/transactions/batch" -> batchBytes;
      case "/v1/transactions" -> transactionBytes;
      case "/epcis/capture" -> epcisBytes;
      default -> otherBytes;
    };
  }

  /** The largest limit of any route: what the HTTP server itself is told to accept. */
  public long largest() {
    return Math.max(Math.max(documentBytes, batchBytes), Math.max(Math.max(transactionBytes, epcisBytes), otherBytes));
  }
}
