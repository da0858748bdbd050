package org.medledger.apps.care.node.fhir;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.HealthRecordReader;

/**
 * The reader's signed read requests a FHIR read of care documents carries: every document read is
 * hers to sign, one record each (docs/format.md, "Signed read request"), so a read of several
 * versions (a history) carries one per version, comma-separated in {@code X-MedLedger-Read-Request}
 * or in repeated headers. Each version's read is handed the one naming its record; the policy point
 * checks it as for any read.
 */
final class ReadRequests {
  private final List<String> given;

  private ReadRequests(List<String> given) {
    this.given = given;
  }

  static ReadRequests of(Context http) {
    List<String> all = new ArrayList<>();
    for (String header : Collections.list(http.req().getHeaders(HealthRecordReader.READ_REQUEST_HEADER))) {
      for (String one : header.split(",")) {
        if (!one.isBlank()) {
          all.add(one.strip());
        }
      }
    }
    return new ReadRequests(all);
  }

  /** The signed request naming {@code record}; 400 naming the record to sign for when none does. */
  String naming(Hash record, String what) {
    for (String hex : given) {
      Optional<Hash> named = recordOf(hex);
      if (named.isEmpty()) {
        throw new FhirProblem(400, "invalid", HealthRecordReader.READ_REQUEST_HEADER + ": '" + shorten(hex)
            + "' is not a signed read request");
      }
      if (named.get().equals(record)) {
        return hex;
      }
    }
    throw new FhirProblem(400, "required", what + " is record " + record.hex() + ": a read of it needs your own signed read"
        + " request for that record in the " + HealthRecordReader.READ_REQUEST_HEADER + " header (one per version read,"
        + " comma-separated; docs/format.md, \"Signed read request\")");
  }

  private static Optional<Hash> recordOf(String hex) {
    try {
      return Optional.of(SignedReadRequest.fromHex(hex).request().record());
    } catch (DecodeException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 24) + "…" : s;
  }
}
