package org.medledger.node.application;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FhirResourceProvider} answers to a read or a create. The bytes are served as
 * given: the façade never re-parses a resource, so a stored document comes back byte for byte
 * (a decimal such as {@code 5.40} keeps its digits).
 */
public sealed interface FhirAnswer {
  /**
   * 200, {@code application/fhir+json}: one resource's JSON; with its {@code versionId}, when the
   * application keeps versions, which the façade sends as the {@code ETag} (W/"versionId") a
   * FHIR client compares against what a vread or a create's {@code Location} named.
   */
  record Resource(byte[] json, Optional<String> versionId) implements FhirAnswer {
    public Resource {
      Objects.requireNonNull(json, "json");
      versionId = checkedVersion(versionId);
    }

    public Resource(byte[] json) {
      this(json, Optional.empty());
    }
  }

  /** 200 with the content type given: a {@code Binary}'s raw content (a PDF, an image), and its version as for {@link Resource}. */
  record Binary(String contentType, byte[] content, Optional<String> versionId) implements FhirAnswer {
    public Binary {
      if (contentType == null || !contentType.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
        throw new IllegalArgumentException("a Binary's content type is type/subtype, not " + contentType);
      }
      Objects.requireNonNull(content, "content");
      versionId = checkedVersion(versionId);
    }

    public Binary(String contentType, byte[] content) {
      this(contentType, content, Optional.empty());
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
      versionId = checkedVersion(versionId);
      Objects.requireNonNull(json, "json");
    }

    public Created(String id, byte[] json) {
      this(id, Optional.empty(), json);
    }
  }

  /** A version id goes into a header and a URL: FHIR's id characters only, so it can carry nothing else. */
  private static Optional<String> checkedVersion(Optional<String> versionId) {
    Objects.requireNonNull(versionId, "versionId");
    versionId.ifPresent(v -> {
      if (!v.matches(FhirResources.ID_PATTERN)) {
        throw new IllegalArgumentException("a FHIR version id is 1 to 64 of [A-Za-z0-9-.], not " + v);
      }
    });
    return versionId;
  }
}
