package io.coracle.attestation.verify;

import static io.coracle.attestation.verify.CheckResult.fail;
import static io.coracle.attestation.verify.CheckResult.notRun;
import static io.coracle.attestation.verify.CheckResult.pass;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.BundleFormatException;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.AmdCertificate;
import io.coracle.attestation.cert.CertificateChainCache;
import io.coracle.attestation.cert.CertificateDecoding;
import io.coracle.attestation.cert.CertificateFormatException;
import io.coracle.attestation.cert.CertificateSignatures;
import io.coracle.attestation.cert.CertifiedKey;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.cert.VekExtensions;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.report.ReportFormatException;
import io.coracle.attestation.report.SigningKey;
import io.coracle.attestation.report.TcbVersion;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Verifies SEV-SNP evidence: a pure function of (evidence, policy, trust roots, instant). Every
 * check in {@link Checks#EVIDENCE_CHECKS} appears in every verdict, passed, failed, or not run
 * because a check it needs failed. Never throws on bad input: malformed evidence is a verdict.
 */
public final class SnpEvidenceVerifier {
  private static final System.Logger LOG = System.getLogger(SnpEvidenceVerifier.class.getName());
  private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");
  private static final ECDomainParameters P384_DOMAIN =
      new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH());

  private final TrustRoots trustRoots;
  private final CertificateChainCache cache;

  /** A verifier without a certificate cache: every call parses and checks the chain afresh. */
  public SnpEvidenceVerifier(TrustRoots trustRoots) {
    this(trustRoots, null);
  }

  /** A verifier that memoizes certificate parsing and chain signatures in {@code cache}. */
  public SnpEvidenceVerifier(TrustRoots trustRoots, CertificateChainCache cache) {
    this.trustRoots = trustRoots;
    this.cache = cache;
  }

  public TrustRoots trustRoots() {
    return trustRoots;
  }

  public Verdict verify(EvidenceBundle bundle, VerificationPolicy policy, Instant at) {
    List<CheckResult> prefix = List.of(pass(Checks.BUNDLE_DECODE, "evidence bundle from provider '"
        + bundle.provider() + "', collected " + bundle.collectedAt() + ", reference keccak256 "
        + bundle.canonicalHash().hex()));
    return evaluate(bundle.report().toArray(), bundle.vek().toArray(), bundle.ask().toArray(),
        bundle.ark().toArray(), Optional.of(bundle.collectedAt()), policy, at, prefix);
  }

  /** Decodes then verifies an encoded bundle; a bundle that does not decode is an invalid verdict. */
  public Verdict verifyEncoded(byte[] encodedBundle, VerificationPolicy policy, Instant at) {
    EvidenceBundle bundle;
    try {
      bundle = EvidenceBundle.decode(encodedBundle);
    } catch (BundleFormatException e) {
      List<CheckResult> out = new ArrayList<>();
      out.add(fail(Checks.BUNDLE_DECODE, e.getMessage()));
      for (String name : Checks.EVIDENCE_CHECKS) {
        out.add(notRun(name, Checks.BUNDLE_DECODE + " failed"));
      }
      return new Verdict(out, Optional.empty(), Optional.empty());
    }
    return verify(bundle, policy, at);
  }

  /**
   * Verifies evidence given as separate files: the report, and the VCEK/VLEK, ASK/ASVK and ARK
   * certificates (DER or PEM). {@code collectedAt} is only needed by a policy with a maximum age.
   */
  public Verdict verify(byte[] report, byte[] vek, byte[] ask, byte[] ark, Optional<Instant> collectedAt,
      VerificationPolicy policy, Instant at) {
    return evaluate(report, vek, ask, ark, collectedAt, policy, at, List.of());
  }

  private Verdict evaluate(byte[] reportBytes, byte[] vekIn, byte[] askIn, byte[] arkIn,
      Optional<Instant> collectedAt, VerificationPolicy policy, Instant at, List<CheckResult> prefix) {
    Run run = new Run(prefix);

    // --- the report ---
    AttestationReport report = null;
    try {
      report = AttestationReport.parse(reportBytes);
      run.add(pass(Checks.REPORT_PARSE, "version " + report.version() + " report, " + AttestationReport.SIZE + " bytes"));
    } catch (ReportFormatException e) {
      run.add(fail(Checks.REPORT_PARSE, e.getMessage()));
    }
    final AttestationReport r = report;
    if (r == null) {
      run.add(notRun(Checks.REPORT_FORMAT, Checks.REPORT_PARSE + " failed"));
    } else {
      List<String> problems = r.formatProblems();
      run.add(problems.isEmpty()
          ? pass(Checks.REPORT_FORMAT, "signature algorithm, reserved bits and must-be-zero ranges are as the ABI requires")
          : fail(Checks.REPORT_FORMAT, String.join("; ", problems)));
    }

    // --- the certificate chain ---
    List<String> chainProblems = new ArrayList<>();
    AmdCertificate vek = parseCert("vek", vekIn, chainProblems);
    AmdCertificate ask = parseCert("ask", askIn, chainProblems);
    AmdCertificate ark = parseCert("ark", arkIn, chainProblems);
    run.add(chainProblems.isEmpty()
        ? pass(Checks.CHAIN_PARSE, "ARK \"" + ark.subjectCommonName() + "\", ASK \"" + ask.subjectCommonName()
            + "\", VEK \"" + vek.subjectCommonName() + "\" parsed")
        : fail(Checks.CHAIN_PARSE, String.join("; ", chainProblems)));

    Optional<TrustRoots.TrustedRoot> root = Optional.empty();
    if (ark == null) {
      run.add(notRun(Checks.ARK_PINNED, "the ARK did not parse"));
    } else {
      root = trustRoots.lookup(ark.sha256());
      if (root.isEmpty()) {
        run.add(fail(Checks.ARK_PINNED, "ARK \"" + ark.subjectCommonName() + "\" (sha256 " + ark.fingerprintHex()
            + ") is neither a pinned AMD root nor a configured trust root"));
      } else if (root.get().amdProduction()) {
        run.add(pass(Checks.ARK_PINNED, "ARK sha256 " + ark.fingerprintHex() + " is the pinned " + root.get().label()));
      } else {
        LOG.log(System.Logger.Level.WARNING, "SEV-SNP evidence accepted under an EXPLICITLY CONFIGURED trust root '"
            + root.get().label() + "' (sha256 " + ark.fingerprintHex() + "), not an AMD production root");
        run.add(pass(Checks.ARK_PINNED, "ARK sha256 " + ark.fingerprintHex() + " is the explicitly configured trust root '"
            + root.get().label() + "' (NOT an AMD production root)"));
      }
    }

    if (ark == null) {
      run.add(notRun(Checks.ARK_SELF_SIGNED, "the ARK did not parse"));
    } else if (!ark.selfIssued()) {
      run.add(fail(Checks.ARK_SELF_SIGNED, "the ARK's issuer \"" + ark.issuerCommonName() + "\" is not its subject"));
    } else {
      run.add(signatureCheck(Checks.ARK_SELF_SIGNED, ark, ark, "the ARK is self-signed"));
    }
    run.add(ark == null || ask == null
        ? notRun(Checks.ASK_SIGNED_BY_ARK, "the ARK or ASK did not parse")
        : signatureCheck(Checks.ASK_SIGNED_BY_ARK, ark, ask, "\"" + ask.subjectCommonName() + "\" is signed by \""
            + ark.subjectCommonName() + "\""));
    run.add(ask == null || vek == null
        ? notRun(Checks.VEK_SIGNED_BY_ASK, "the ASK or VEK did not parse")
        : signatureCheck(Checks.VEK_SIGNED_BY_ASK, ask, vek, "\"" + vek.subjectCommonName() + "\" is signed by \""
            + ask.subjectCommonName() + "\""));
    run.add(validity(Checks.ARK_VALIDITY, "ARK", ark, at));
    run.add(validity(Checks.ASK_VALIDITY, "ASK", ask, at));
    run.add(validity(Checks.VEK_VALIDITY, "VEK", vek, at));

    // --- product line: VEK productName, ASK and ARK names, pinned root must agree ---
    Optional<ProcessorGeneration> product = Optional.empty();
    if (vek == null || ask == null || ark == null) {
      run.add(notRun(Checks.VEK_PRODUCT, Checks.CHAIN_PARSE + " failed"));
    } else {
      Optional<String> vekName = vek.vekExtensions().productName();
      Optional<ProcessorGeneration> vekProduct = vekName.flatMap(ProcessorGeneration::fromProductName);
      Optional<ProcessorGeneration> askProduct = askProduct(ask.subjectCommonName());
      Optional<ProcessorGeneration> arkProduct = ark.subjectCommonName().startsWith("ARK-")
          ? ProcessorGeneration.fromProductName(ark.subjectCommonName().substring(4)) : Optional.empty();
      Optional<ProcessorGeneration> pinned = root.flatMap(TrustRoots.TrustedRoot::product);
      String seen = "VEK productName " + vekName.map(n -> "\"" + n + "\"").orElse("(absent)") + ", ASK \""
          + ask.subjectCommonName() + "\", ARK \"" + ark.subjectCommonName() + "\""
          + pinned.map(p -> ", pinned root " + p.productName()).orElse("");
      if (vekProduct.isEmpty()) {
        run.add(fail(Checks.VEK_PRODUCT, "the VEK has no recognised productName extension: " + seen));
      } else if (!vekProduct.equals(askProduct) || !vekProduct.equals(arkProduct)
          || (pinned.isPresent() && !pinned.equals(vekProduct))) {
        run.add(fail(Checks.VEK_PRODUCT, "product lines disagree: " + seen));
      } else {
        product = vekProduct;
        run.add(pass(Checks.VEK_PRODUCT, vekProduct.get().productName() + " throughout: " + seen));
      }
    }
    final Optional<ProcessorGeneration> prod = product;

    // --- the report against the VEK ---
    if (r == null || vek == null || ask == null) {
      run.add(notRun(Checks.REPORT_SIGNING_KEY, r == null ? Checks.REPORT_PARSE + " failed" : Checks.CHAIN_PARSE + " failed"));
    } else {
      run.add(signingKey(r, vek, ask));
    }
    if (r == null || vek == null) {
      run.add(notRun(Checks.REPORT_SIGNATURE, r == null ? Checks.REPORT_PARSE + " failed" : "the VEK did not parse"));
    } else {
      run.add(reportSignature(r, vek));
    }
    if (r == null || prod.isEmpty()) {
      run.add(notRun(Checks.REPORT_CPUID, r == null ? Checks.REPORT_PARSE + " failed" : Checks.VEK_PRODUCT + " failed"));
    } else {
      run.add(cpuid(r, prod.get()));
    }
    if (r == null || vek == null || prod.isEmpty()) {
      String why = r == null ? Checks.REPORT_PARSE + " failed" : Checks.VEK_PRODUCT + " failed";
      run.add(notRun(Checks.VEK_TCB, why));
      run.add(notRun(Checks.VEK_HWID, why));
    } else {
      run.add(tcbMatches(r, vek, prod.get()));
      run.add(hwIdMatches(r, vek, prod.get(), policy));
    }

    // --- appraisal policy ---
    if (r == null) {
      for (String n : List.of(Checks.POLICY_DEBUG, Checks.POLICY_MIGRATION_AGENT, Checks.POLICY_SMT, Checks.POLICY_VMPL,
          Checks.POLICY_MIN_TCB, Checks.POLICY_MEASUREMENT, Checks.POLICY_REPORT_DATA)) {
        run.add(notRun(n, Checks.REPORT_PARSE + " failed"));
      }
    } else {
      run.add(policyDebug(r, policy));
      run.add(policyMigrationAgent(r, policy));
      run.add(policySmt(r, policy));
      run.add(policyVmpl(r, policy));
      run.add(prod.isEmpty()
          ? notRun(Checks.POLICY_MIN_TCB, Checks.VEK_PRODUCT + " failed (the TCB layout depends on the product)")
          : policyMinTcb(r, prod.get(), policy));
      run.add(policyMeasurement(r, policy));
      run.add(policyReportData(r, policy));
    }
    run.add(policyAge(collectedAt, policy, at));
    return new Verdict(run.results, Optional.ofNullable(r), prod);
  }

  private static final class Run {
    final List<CheckResult> results;

    Run(List<CheckResult> prefix) {
      results = new ArrayList<>(prefix);
    }

    void add(CheckResult c) {
      results.add(c);
    }
  }

  private AmdCertificate parseCert(String role, byte[] in, List<String> problems) {
    try {
      byte[] der = CertificateDecoding.toDer(in);
      return cache == null ? AmdCertificate.parse(der) : cache.parse(der);
    } catch (CertificateFormatException e) {
      problems.add(role + ": " + e.getMessage());
      return null;
    }
  }

  private CheckResult signatureCheck(String name, AmdCertificate issuer, AmdCertificate subject, String okReason) {
    Optional<String> problem = cache == null
        ? CertificateSignatures.problem(issuer, subject) : cache.signatureProblem(issuer, subject);
    return problem.isEmpty()
        ? pass(name, okReason + " (RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48)")
        : fail(name, problem.get());
  }

  private static CheckResult validity(String name, String role, AmdCertificate c, Instant at) {
    if (c == null) {
      return notRun(name, "the " + role + " did not parse");
    }
    String window = c.notBefore() + " to " + c.notAfter();
    if (at.isBefore(c.notBefore())) {
      return fail(name, role + " \"" + c.subjectCommonName() + "\" is not yet valid at " + at + " (valid " + window + ")");
    }
    if (at.isAfter(c.notAfter())) {
      return fail(name, role + " \"" + c.subjectCommonName() + "\" expired at " + c.notAfter() + ", before " + at);
    }
    return pass(name, role + " valid at " + at + " (" + window + ")");
  }

  private static Optional<ProcessorGeneration> askProduct(String cn) {
    if (cn.startsWith("SEV-VLEK-")) {
      return ProcessorGeneration.fromProductName(cn.substring("SEV-VLEK-".length()));
    }
    if (cn.startsWith("SEV-")) {
      return ProcessorGeneration.fromProductName(cn.substring("SEV-".length()));
    }
    return Optional.empty();
  }

  private static CheckResult signingKey(AttestationReport r, AmdCertificate vek, AmdCertificate ask) {
    SigningKey key = r.signerInfo().signingKey();
    boolean askIsAsvk = ask.subjectCommonName().startsWith("SEV-VLEK-");
    return switch (key) {
      case VCEK -> vek.isVcek() && !askIsAsvk
          ? pass(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO names the VCEK, and the chain is ASK -> VCEK")
          : fail(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO names the VCEK but the chain has \"" + ask.subjectCommonName()
              + "\" -> \"" + vek.subjectCommonName() + "\"");
      case VLEK -> vek.isVlek() && askIsAsvk
          ? pass(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO names the VLEK, and the chain is ASVK -> VLEK")
          : fail(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO names the VLEK but the chain has \"" + ask.subjectCommonName()
              + "\" -> \"" + vek.subjectCommonName() + "\"");
      case NONE -> fail(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO says the report is not signed (SIGNING_KEY=7)");
      case RESERVED -> fail(Checks.REPORT_SIGNING_KEY, "SIGNER_INFO.SIGNING_KEY=" + r.signerInfo().signingKeyField()
          + " is reserved");
    };
  }

  private static CheckResult reportSignature(AttestationReport r, AmdCertificate vek) {
    if (!(vek.publicKey() instanceof CertifiedKey.Ec ec) || !ec.isP384()) {
      return fail(Checks.REPORT_SIGNATURE, "the VEK key is " + vek.publicKey().describe() + ", reports are signed with ECDSA P-384");
    }
    if (r.signatureAlgorithm() != AttestationReport.SIG_ALGO_ECDSA_P384_SHA384) {
      return fail(Checks.REPORT_SIGNATURE, "SIGNATURE_ALGO " + Integer.toUnsignedString(r.signatureAlgorithm())
          + " is not ECDSA P-384/SHA-384");
    }
    ECPoint q;
    try {
      q = P384.getCurve().decodePoint(ec.encodedPoint().toArray());
      if (q.isInfinity() || !q.isValid()) {
        return fail(Checks.REPORT_SIGNATURE, "the VEK public key is not a valid P-384 point");
      }
    } catch (RuntimeException e) {
      return fail(Checks.REPORT_SIGNATURE, "the VEK public key is not a valid P-384 point");
    }
    BigInteger sr = littleEndian(r.signatureR());
    BigInteger ss = littleEndian(r.signatureS());
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, new ECPublicKeyParameters(q, P384_DOMAIN));
    boolean ok;
    try {
      ok = signer.verifySignature(sha384(r.signedBytes()), sr, ss);
    } catch (RuntimeException e) {
      ok = false;
    }
    return ok
        ? pass(Checks.REPORT_SIGNATURE, "ECDSA P-384/SHA-384 signature over bytes [0x000, 0x2A0) verifies with the VEK")
        : fail(Checks.REPORT_SIGNATURE, "ECDSA P-384/SHA-384 signature over bytes [0x000, 0x2A0) does not verify with the VEK"
            + " (report altered, or signed by another key)");
  }

  private static BigInteger littleEndian(Bytes b) {
    byte[] a = b.toArray();
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      byte t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return new BigInteger(1, a);
  }

  private static byte[] sha384(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 missing from the JDK", e);
    }
  }

  private static CheckResult cpuid(AttestationReport r, ProcessorGeneration product) {
    if (r.cpuid().isEmpty()) {
      return product == ProcessorGeneration.TURIN
          ? fail(Checks.REPORT_CPUID, "version " + r.version() + " report without CPUID from a Turin chain (Turin firmware writes version 3 or later)")
          : pass(Checks.REPORT_CPUID, "version " + r.version() + " reports carry no CPUID; product " + product.productName()
              + " from the certificate chain");
    }
    AttestationReport.CpuidSignature c = r.cpuid().get();
    Optional<ProcessorGeneration> g = c.generation();
    if (g.isEmpty()) {
      return fail(Checks.REPORT_CPUID, "CPUID " + c + " is not a known SEV-SNP product; the chain says " + product.productName());
    }
    return g.get() == product
        ? pass(Checks.REPORT_CPUID, "CPUID " + c + " is " + product.productName() + ", as the chain says")
        : fail(Checks.REPORT_CPUID, "CPUID " + c + " is " + g.get().productName() + " but the chain is " + product.productName());
  }

  private static CheckResult tcbMatches(AttestationReport r, AmdCertificate vek, ProcessorGeneration product) {
    VekExtensions x = vek.vekExtensions();
    TcbVersion tcb = product.tcbLayout().decode(r.reportedTcb());
    List<String> problems = new ArrayList<>(x.problems());
    compare("bootloader", "blSPL", tcb.bootloader(), x.bootloaderSpl(), problems);
    compare("TEE", "teeSPL", tcb.tee(), x.teeSpl(), problems);
    compare("SNP", "snpSPL", tcb.snp(), x.snpSpl(), problems);
    compare("microcode", "ucodeSPL", tcb.microcode(), x.microcodeSpl(), problems);
    if (tcb.hasFmc()) {
      compare("FMC", "fmcSPL", tcb.fmc(), x.fmcSpl(), problems);
    }
    return problems.isEmpty()
        ? pass(Checks.VEK_TCB, "reported_tcb " + tcb + " equals the VEK's SPL extensions")
        : fail(Checks.VEK_TCB, "reported_tcb " + tcb + ": " + String.join("; ", problems));
  }

  private static void compare(String component, String ext, int reported, OptionalInt certified, List<String> problems) {
    if (certified.isEmpty()) {
      problems.add("the VEK has no " + ext + " extension");
    } else if (certified.getAsInt() != reported) {
      problems.add(component + " SPL is " + reported + " in the report but " + certified.getAsInt() + " in the VEK's " + ext);
    }
  }

  private static CheckResult hwIdMatches(AttestationReport r, AmdCertificate vek, ProcessorGeneration product,
      VerificationPolicy policy) {
    Optional<Bytes> hwId = vek.vekExtensions().hwId();
    if (vek.isVlek()) {
      if (hwId.isEmpty()) {
        return pass(Checks.VEK_HWID, "a VLEK is not chip-bound (issued to cloud provider "
            + vek.vekExtensions().cspId().orElse("?") + "); chip_id is not compared");
      }
    }
    if (r.signerInfo().maskChipKey()) {
      return policy.allowMaskedChipId()
          ? pass(Checks.VEK_HWID, "chip_id masked by the host (MASK_CHIP_KEY=1), allowed by policy; the chip binding rests on the VCEK signature")
          : fail(Checks.VEK_HWID, "chip_id masked by the host (MASK_CHIP_KEY=1): the report cannot be matched to the VCEK's chip");
    }
    if (hwId.isEmpty()) {
      return fail(Checks.VEK_HWID, "the VCEK has no hwID extension");
    }
    int n = product.hwIdLength();
    Bytes id = hwId.get();
    if (id.length() != n) {
      return fail(Checks.VEK_HWID, "hwID is " + id.length() + " bytes, a " + product.productName() + " hwID is " + n);
    }
    Bytes chip = r.chipId().slice(0, n);
    return chip.equals(id)
        ? pass(Checks.VEK_HWID, "chip_id" + (n < 64 ? "[0:" + n + "]" : "") + " equals the VCEK's hwID " + id.hex())
        : fail(Checks.VEK_HWID, "chip_id " + chip.hex() + " differs from the VCEK's hwID " + id.hex()
            + " (the report comes from another chip than the VCEK's)");
  }

  private static CheckResult policyDebug(AttestationReport r, VerificationPolicy p) {
    if (!r.policy().debugAllowed()) {
      return pass(Checks.POLICY_DEBUG, "guest policy DEBUG=0: the host cannot debug (decrypt) the guest");
    }
    return p.allowDebug()
        ? pass(Checks.POLICY_DEBUG, "guest policy DEBUG=1, allowed by policy")
        : fail(Checks.POLICY_DEBUG, "guest policy DEBUG=1: the host can decrypt and alter guest memory with debug commands");
  }

  private static CheckResult policyMigrationAgent(AttestationReport r, VerificationPolicy p) {
    boolean bit = r.policy().migrationAgentAllowed();
    boolean bound = r.hasMigrationAgent();
    if (!bit && !bound) {
      return pass(Checks.POLICY_MIGRATION_AGENT, "guest policy MIGRATE_MA=0 and no migration agent bound (REPORT_ID_MA unset)");
    }
    String what = (bit ? "guest policy MIGRATE_MA=1" : "")
        + (bit && bound ? " and " : "") + (bound ? "a migration agent is bound (REPORT_ID_MA=" + r.reportIdMa().hex() + ")" : "");
    return p.allowMigrationAgent()
        ? pass(Checks.POLICY_MIGRATION_AGENT, what + ", allowed by policy")
        : fail(Checks.POLICY_MIGRATION_AGENT, what + ": a migration agent can export the guest's memory and keys");
  }

  private static CheckResult policySmt(AttestationReport r, VerificationPolicy p) {
    boolean smt = r.platformInfo().smtEnabled();
    if (p.allowSmt()) {
      return pass(Checks.POLICY_SMT, "SMT " + (smt ? "enabled" : "disabled") + " on the host, allowed by policy");
    }
    return smt
        ? fail(Checks.POLICY_SMT, "the host has SMT enabled (PLATFORM_INFO.SMT_EN=1) and policy forbids it (sibling threads share core state)")
        : pass(Checks.POLICY_SMT, "SMT disabled on the host (PLATFORM_INFO.SMT_EN=0)");
  }

  private static CheckResult policyVmpl(AttestationReport r, VerificationPolicy p) {
    return p.allowedVmpls().contains(r.vmpl())
        ? pass(Checks.POLICY_VMPL, "report requested at VMPL " + r.vmpl() + ", allowed " + new java.util.TreeSet<>(p.allowedVmpls()))
        : fail(Checks.POLICY_VMPL, "report requested at VMPL " + Integer.toUnsignedString(r.vmpl()) + ", policy allows "
            + new java.util.TreeSet<>(p.allowedVmpls()));
  }

  private static CheckResult policyMinTcb(AttestationReport r, ProcessorGeneration product, VerificationPolicy p) {
    TcbVersion tcb = product.tcbLayout().decode(r.reportedTcb());
    VerificationPolicy.MinimumTcb min = p.minimumTcb();
    if (min.isNone()) {
      return pass(Checks.POLICY_MIN_TCB, "no minimum TCB configured (reported " + tcb + ")");
    }
    List<String> low = new ArrayList<>();
    below("bootloader", tcb.bootloader(), min.bootloader(), low);
    below("TEE", tcb.tee(), min.tee(), low);
    below("SNP", tcb.snp(), min.snp(), low);
    below("microcode", tcb.microcode(), min.microcode(), low);
    if (tcb.hasFmc()) {
      below("FMC", tcb.fmc(), min.fmc(), low);
    }
    return low.isEmpty()
        ? pass(Checks.POLICY_MIN_TCB, "reported " + tcb + " meets the minimum " + min)
        : fail(Checks.POLICY_MIN_TCB, "reported TCB below the minimum: " + String.join(", ", low)
            + " (firmware with known vulnerabilities)");
  }

  private static void below(String name, int have, int min, List<String> low) {
    if (have < min) {
      low.add(name + " " + have + " < " + min);
    }
  }

  private static CheckResult policyMeasurement(AttestationReport r, VerificationPolicy p) {
    String m = r.measurement().hex();
    if (p.allowedMeasurements().isEmpty()) {
      return pass(Checks.POLICY_MEASUREMENT, "no measurement allow-list configured (measurement " + m + ")");
    }
    return p.allowedMeasurements().contains(r.measurement())
        ? pass(Checks.POLICY_MEASUREMENT, "measurement " + m + " is on the allow-list")
        : fail(Checks.POLICY_MEASUREMENT, "measurement " + m + " is not on the allow-list of "
            + p.allowedMeasurements().size() + " (the guest did not boot an audited image)");
  }

  private static CheckResult policyReportData(AttestationReport r, VerificationPolicy p) {
    if (p.expectedReportData().isEmpty()) {
      return pass(Checks.POLICY_REPORT_DATA, "no expected report_data configured (report_data " + r.reportData().hex() + ")");
    }
    return r.reportData().contentEquals(p.expectedReportData().get().toArray())
        ? pass(Checks.POLICY_REPORT_DATA, "report_data equals the expected binding")
        : fail(Checks.POLICY_REPORT_DATA, "report_data " + r.reportData().hex() + " differs from the expected "
            + p.expectedReportData().get().hex() + " (evidence for other keys, another chain, or a replayed nonce)");
  }

  private static CheckResult policyAge(Optional<Instant> collectedAt, VerificationPolicy p, Instant at) {
    if (p.maxEvidenceAge().isEmpty()) {
      return pass(Checks.POLICY_EVIDENCE_AGE, "no maximum evidence age configured"
          + collectedAt.map(c -> " (collected " + c + ")").orElse(""));
    }
    Duration max = p.maxEvidenceAge().get();
    if (collectedAt.isEmpty()) {
      return fail(Checks.POLICY_EVIDENCE_AGE, "policy limits evidence age to " + max + " but the evidence has no collection time");
    }
    Instant c = collectedAt.get();
    if (c.isAfter(at.plus(p.clockSkew()))) {
      return fail(Checks.POLICY_EVIDENCE_AGE, "collected at " + c + ", after the verification time " + at
          + " plus the allowed clock skew " + p.clockSkew());
    }
    Duration age = Duration.between(c, at);
    return age.compareTo(max) <= 0
        ? pass(Checks.POLICY_EVIDENCE_AGE, "collected " + c + ", " + (age.isNegative() ? Duration.ZERO : age) + " old, within " + max)
        : fail(Checks.POLICY_EVIDENCE_AGE, "collected " + c + ", " + age + " old, older than the maximum " + max);
  }
}
