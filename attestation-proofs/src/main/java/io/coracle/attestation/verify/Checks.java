package io.coracle.attestation.verify;

import java.util.List;

/** The stable identifiers of every check, in the order verdicts list them. */
public final class Checks {
  public static final String BUNDLE_DECODE = "bundle.decode";
  public static final String REPORT_PARSE = "report.parse";
  public static final String REPORT_FORMAT = "report.format";
  public static final String CHAIN_PARSE = "chain.parse";
  public static final String ARK_PINNED = "chain.ark-pinned";
  public static final String ARK_SELF_SIGNED = "chain.ark-self-signed";
  public static final String ASK_SIGNED_BY_ARK = "chain.ask-signed-by-ark";
  public static final String VEK_SIGNED_BY_ASK = "chain.vek-signed-by-ask";
  public static final String ARK_VALIDITY = "chain.ark-validity";
  public static final String ASK_VALIDITY = "chain.ask-validity";
  public static final String VEK_VALIDITY = "chain.vek-validity";
  public static final String VEK_PRODUCT = "vek.product-matches-ask";
  public static final String REPORT_SIGNING_KEY = "report.signing-key";
  public static final String REPORT_SIGNATURE = "report.signature";
  public static final String REPORT_CPUID = "report.cpuid-matches-product";
  public static final String VEK_TCB = "vek.tcb-matches";
  public static final String VEK_HWID = "vek.hwid-matches";
  public static final String POLICY_DEBUG = "policy.debug";
  public static final String POLICY_MIGRATION_AGENT = "policy.migration-agent";
  public static final String POLICY_SMT = "policy.smt";
  public static final String POLICY_VMPL = "policy.vmpl";
  public static final String POLICY_MIN_TCB = "policy.min-tcb";
  public static final String POLICY_MEASUREMENT = "policy.measurement";
  public static final String POLICY_REPORT_DATA = "policy.report-data";
  public static final String POLICY_EVIDENCE_AGE = "policy.evidence-age";

  /** Every check run on evidence, in verdict order (bundle.decode precedes them for bundles). */
  public static final List<String> EVIDENCE_CHECKS = List.of(
      REPORT_PARSE, REPORT_FORMAT, CHAIN_PARSE, ARK_PINNED, ARK_SELF_SIGNED, ASK_SIGNED_BY_ARK,
      VEK_SIGNED_BY_ASK, ARK_VALIDITY, ASK_VALIDITY, VEK_VALIDITY, VEK_PRODUCT, REPORT_SIGNING_KEY,
      REPORT_SIGNATURE, REPORT_CPUID, VEK_TCB, VEK_HWID, POLICY_DEBUG, POLICY_MIGRATION_AGENT, POLICY_SMT,
      POLICY_VMPL, POLICY_MIN_TCB, POLICY_MEASUREMENT, POLICY_REPORT_DATA, POLICY_EVIDENCE_AGE);

  private Checks() {}
}
