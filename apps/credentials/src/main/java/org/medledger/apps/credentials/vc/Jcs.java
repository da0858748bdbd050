package org.medledger.apps.credentials.vc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** The JSON Canonicalization Scheme (RFC 8785): one byte form for one JSON value. */
public final class Jcs {
  static final ObjectMapper JSON = new ObjectMapper();

  private Jcs() {}

  /** The canonical UTF-8 bytes of a JSON value. */
  public static byte[] canonical(JsonNode value) {
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(value)).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException("JSON canonicalisation failed: " + e.getMessage(), e);
    }
  }
}
