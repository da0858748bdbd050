package org.medledger.apps.records.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR R4 JSON in and out, with HAPI FHIR. Reading is strict: an unknown element, a wrong type or
 * a value outside its code system fails with HAPI's message, so nothing malformed reaches the
 * vault. The context is built once (it takes a second or two) and shared: HAPI's contexts and
 * parsers are thread-safe to create from.
 */
public final class FhirJson {
  private static volatile FhirContext context;

  private FhirJson() {}

  public static FhirContext context() {
    FhirContext c = context;
    if (c == null) {
      synchronized (FhirJson.class) {
        c = context;
        if (c == null) {
          c = FhirContext.forR4();
          context = c;
        }
      }
    }
    return c;
  }

  private static IParser strict() {
    return context().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
  }

  /** Parses and checks a resource; {@link InvalidFhirException} with HAPI's message when it is not valid R4 JSON. */
  public static IBaseResource parse(byte[] json) {
    try {
      return strict().parseResource(new String(json, StandardCharsets.UTF_8));
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new InvalidFhirException(e.getMessage());
    }
  }

  public static String write(IBaseResource resource) {
    return context().newJsonParser().encodeResourceToString(resource);
  }

  /** Raised for a document that is not valid FHIR R4 JSON; the message is HAPI's. */
  public static final class InvalidFhirException extends RuntimeException {
    public InvalidFhirException(String message) {
      super(message);
    }
  }
}
