package org.medledger.apps.insurance.contract;

/** One insurer's product at its latest published version, as a reader lists it. */
public record PublishedProduct(String insurer, String code, int version, ProductTerms terms) {}
