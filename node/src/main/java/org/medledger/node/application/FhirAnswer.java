package org.medledger.node.application;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FhirResourceProvider} answers to a read or a create. The bytes are served as
 * given: the façade never re-parses a resource, so a stored document comes back byte for byte
 * (a decimal such as {@code 5.40} keeps its digits).
 */
public sealed interface FhirAnswer {
  /** 200, {@code application/fhir+json}: one resource's JSON. */
  record Resource(byte[] json) implements FhirAnswer {
    public Resource {
      Objects.requireNonNull(json, "json");
    }
  }

  /** 200 with the content type given: a {@code Binary}'s raw content (a PDF, an image). */
  record Binary(String contentType, byte[] content) implements FhirAnswer {
    public Binary {
      if (contentType == null || !contentType.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
        throw new IllegalArgumentException("a Binary's content type is type/subtype, not " + contentType);
      }
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * 201, {@code application/fhir+json}: a resource stored as {@code id} (and {@code versionId},
   * when the application keeps versions); the façade writes the {@code Location} header from the
   * node's configured public address.
   */
  record Created(String id, Optional<String> versionId, byte[] json) implements FhirAnswer {
    public Created {
      if (id == null || !id.matches(FhirResources.ID_PATTERN)) {
        throw new IllegalArgumentException("a FHIR id is 1 to 64 of [A-Za-z0-9-.], not " + id);
      }
      Objects.requireNonNull(versionId, "versionId");
      Objects.requireNonNull(json, "json");
    }

    public Created(String id, byte[] json) {
      this(id, Optional.empty(), json);
    }
  }
}
