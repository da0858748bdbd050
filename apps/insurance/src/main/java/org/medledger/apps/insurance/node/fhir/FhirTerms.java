package org.medledger.apps.insurance.node.fhir;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Date;
import java.util.TimeZone;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.crypto.Hash;

/**
 * What the insurance resources share: money, parties, times and the code systems they name.
 * Amounts are integer minor units on the ledger; FHIR's {@code Money.value} is a decimal, made here
 * exactly ({@link BigDecimal#movePointLeft}) with the currency's own minor-unit digits.
 */
final class FhirTerms {
  static final String ORGANISATION = "urn:medledger:organisation";
  static final String CERTIFICATE = "urn:medledger:certificate";
  static final String CATEGORY = "urn:medledger:insurance:category";
  static final String SERVICE = "urn:medledger:insurance:service";
  static final String LINE_REASON = "urn:medledger:insurance:line-reason";
  static final String CLAIM_STATUS = "urn:medledger:insurance:claim-status";
  static final String BANK_TRANSFER = "urn:medledger:insurance:bank-transfer";
  static final String LEDGER_ID = "urn:medledger:insurance:id";
  static final String ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";
  /** CARIN Blue Button's adjudication codes for what R4's own set lacks: coinsurance, the patient's share, prior payers. */
  static final String CARIN_ADJUDICATION = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
  static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";

  private FhirTerms() {}

  static Money money(long minorUnits, String currency) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return new Money().setValue(BigDecimal.valueOf(minorUnits).movePointLeft(digits)).setCurrency(currency);
  }

  static Reference patient(Hash patient) {
    return new Reference("Patient/" + patient.hex());
  }

  /** A member organisation by its name in the genesis: the façade serves no Organization resource to point at. */
  static Reference organisation(String name) {
    return new Reference().setIdentifier(new Identifier().setSystem(ORGANISATION).setValue(name)).setDisplay(name);
  }

  static Reference certificate(Hash id) {
    return new Reference().setIdentifier(new Identifier().setSystem(CERTIFICATE).setValue(id.hex()));
  }

  static Identifier ledgerId(Hash id) {
    return new Identifier().setSystem(LEDGER_ID).setValue(id.hex());
  }

  static DateTimeType instant(long millis) {
    return new DateTimeType(new Date(millis), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("UTC"));
  }

  static CodeableConcept code(String system, String code) {
    return new CodeableConcept().addCoding(new Coding(system, code, null));
  }

  static CodeableConcept code(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display));
  }
}
