package org.medledger.apps.credentials.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirMatches;

/** The code systems, references and JSON the credentials' FHIR views share. */
final class CredentialFhir {
  static final String ORGANISATION = "urn:medledger:organisation";
  static final String CERTIFICATE = "urn:medledger:certificate";
  /** A licence number's system names its issuer: licence numbers are unique per licensing authority. */
  static final String LICENCE_PREFIX = "urn:medledger:licence:";
  static final String PROFESSION = "urn:medledger:credentials:profession";
  static final String SPECIALTY = "urn:medledger:credentials:specialty";

  private CredentialFhir() {}

  static String licenceSystem(String issuer) {
    return LICENCE_PREFIX + issuer;
  }

  static Reference organisation(String name) {
    return new Reference().setIdentifier(new Identifier().setSystem(ORGANISATION).setValue(name)).setDisplay(name);
  }

  static Identifier certificate(Hash id) {
    return new Identifier().setSystem(CERTIFICATE).setValue(id.hex());
  }

  static DateTimeType time(long millis) {
    return new DateTimeType(new Date(millis), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("UTC"));
  }

  static byte[] json(Resource resource) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }

  static FhirMatches.Entry entry(Resource r) {
    return new FhirMatches.Entry(r.fhirType(), r.getIdElement().getIdPart(), json(r));
  }

  /** A 64-hex id, or empty when the id cannot be one (so it names nothing here). */
  static Optional<Hash> hash(String id) {
    try {
      return Optional.of(Hash.fromHex(id.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Every credential on the ledger, in the contract's key order (issuer, then licence). */
  static List<Credential> all(StateReader state) {
    List<Credential> out = new ArrayList<>();
    state.scan(StateKeys.of(CredentialsContract.NAME, "credential/"), (k, v) -> {
      out.add(Credential.decode(v));
      return true;
    });
    return out;
  }
}
