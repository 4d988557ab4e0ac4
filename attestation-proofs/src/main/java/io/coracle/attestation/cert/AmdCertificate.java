package io.coracle.attestation.cert;

import io.coracle.attestation.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * One certificate of the AMD chain (ARK, ASK/ASVK, VCEK/VLEK), parsed strictly. Holds the exact
 * to-be-signed bytes taken from the input (never a re-encoding: AMD encodes the PSS trailer field
 * explicitly, which a DER re-encoder would drop, changing the signed bytes).
 */
public record AmdCertificate(
    Bytes der,
    Bytes sha256,
    String subjectCommonName,
    String issuerCommonName,
    Bytes subjectName,
    Bytes issuerName,
    BigInteger serialNumber,
    Instant notBefore,
    Instant notAfter,
    Bytes tbsCertificate,
    Optional<String> signatureAlgorithmProblem,
    Bytes signatureValue,
    CertifiedKey publicKey,
    boolean certificateAuthority,
    boolean keyCertSign,
    VekExtensions vekExtensions) {

  public static AmdCertificate parse(byte[] der) throws CertificateFormatException {
    if (der == null || der.length == 0) {
      throw new CertificateFormatException("empty certificate");
    }
    if (der.length > CertificateDecoding.MAX_CERTIFICATE_BYTES) {
      throw new CertificateFormatException("certificate of " + der.length + " bytes exceeds "
          + CertificateDecoding.MAX_CERTIFICATE_BYTES);
    }
    byte[][] parts = DerCertificateParts.split(der);
    Certificate cert;
    try {
      cert = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new CertificateFormatException("not an X.509 certificate (" + safeMessage(e) + ")");
    }
    try {
      if (cert.getVersionNumber() != 3) {
        throw new CertificateFormatException("X.509 version " + cert.getVersionNumber() + ", expected 3");
      }
      AlgorithmIdentifier outer = cert.getSignatureAlgorithm();
      AlgorithmIdentifier inner = cert.getTBSCertificate().getSignature();
      Optional<String> algProblem = pssProblem(outer);
      if (algProblem.isEmpty() && !outer.equals(inner)) {
        algProblem = Optional.of("TBSCertificate.signature differs from the outer signatureAlgorithm");
      }
      byte[] signature = cert.getSignature().getOctets();
      Extensions ext = cert.getTBSCertificate().getExtensions();
      boolean ca = false;
      boolean certSign = false;
      if (ext != null) {
        BasicConstraints bc = BasicConstraints.fromExtensions(ext);
        ca = bc != null && bc.isCA();
        KeyUsage ku = KeyUsage.fromExtensions(ext);
        certSign = ku != null && ku.hasUsages(KeyUsage.keyCertSign);
      }
      return new AmdCertificate(
          Bytes.of(der),
          Bytes.of(sha256(der)),
          commonName(cert.getSubject()),
          commonName(cert.getIssuer()),
          Bytes.of(cert.getSubject().getEncoded(ASN1Encoding.DER)),
          Bytes.of(cert.getIssuer().getEncoded(ASN1Encoding.DER)),
          cert.getSerialNumber().getValue(),
          cert.getStartDate().getDate().toInstant(),
          cert.getEndDate().getDate().toInstant(),
          Bytes.of(parts[0]),
          algProblem,
          Bytes.of(signature),
          publicKey(cert.getSubjectPublicKeyInfo()),
          ca,
          certSign,
          vekExtensions(ext));
    } catch (IOException | RuntimeException e) {
      throw new CertificateFormatException("malformed certificate field (" + safeMessage(e) + ")");
    }
  }

  private static String safeMessage(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.length() > 160 ? m.substring(0, 160) + "..." : m;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static String commonName(X500Name name) {
    RDN[] rdns = name.getRDNs(BCStyle.CN);
    if (rdns.length == 0 || rdns[0].getFirst() == null) {
      return "";
    }
    ASN1Encodable v = rdns[0].getFirst().getValue();
    return v instanceof ASN1String s ? s.getString() : v.toString();
  }

  /**
   * AMD signs with RSASSA-PSS, SHA-384, MGF1 with SHA-384, salt length 48, trailer field 1.
   * Anything else is rejected, whatever a general-purpose verifier would accept.
   */
  static Optional<String> pssProblem(AlgorithmIdentifier alg) {
    if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg.getAlgorithm())) {
      return Optional.of("signature algorithm is " + alg.getAlgorithm().getId()
          + ", AMD certificates use RSASSA-PSS (1.2.840.113549.1.1.10)");
    }
    if (!(alg.getParameters() instanceof ASN1Sequence params)) {
      return Optional.of("RSASSA-PSS without parameters (the defaults would mean SHA-1)");
    }
    AlgorithmIdentifier hash = null;
    AlgorithmIdentifier mgf = null;
    BigInteger salt = null;
    BigInteger trailer = BigInteger.ONE;
    for (ASN1Encodable e : params) {
      if (!(e instanceof ASN1TaggedObject t)) {
        return Optional.of("malformed RSASSA-PSS parameters");
      }
      switch (t.getTagNo()) {
        case 0 -> hash = AlgorithmIdentifier.getInstance(t.getExplicitBaseObject());
        case 1 -> mgf = AlgorithmIdentifier.getInstance(t.getExplicitBaseObject());
        case 2 -> salt = ASN1Integer.getInstance(t.getExplicitBaseObject()).getValue();
        case 3 -> trailer = ASN1Integer.getInstance(t.getExplicitBaseObject()).getValue();
        default -> {
          return Optional.of("unknown RSASSA-PSS parameter [" + t.getTagNo() + "]");
        }
      }
    }
    if (hash == null || !NISTObjectIdentifiers.id_sha384.equals(hash.getAlgorithm()) || !nullOrAbsent(hash)) {
      return Optional.of("RSASSA-PSS hash is not SHA-384");
    }
    if (mgf == null || !PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
      return Optional.of("RSASSA-PSS mask generation is not MGF1");
    }
    AlgorithmIdentifier mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters());
    if (mgfHash == null || !NISTObjectIdentifiers.id_sha384.equals(mgfHash.getAlgorithm()) || !nullOrAbsent(mgfHash)) {
      return Optional.of("RSASSA-PSS MGF1 hash is not SHA-384");
    }
    if (salt == null || salt.intValueExact() != 48) {
      return Optional.of("RSASSA-PSS salt length is " + (salt == null ? "20 (default)" : salt) + ", expected 48");
    }
    if (!BigInteger.ONE.equals(trailer)) {
      return Optional.of("RSASSA-PSS trailer field is " + trailer + ", expected 1");
    }
    return Optional.empty();
  }

  private static boolean nullOrAbsent(AlgorithmIdentifier a) {
    return a.getParameters() == null || DERNull.INSTANCE.equals(a.getParameters());
  }

  private static CertifiedKey publicKey(SubjectPublicKeyInfo spki) throws IOException {
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (PKCSObjectIdentifiers.rsaEncryption.equals(alg) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg)) {
      RSAPublicKey k = RSAPublicKey.getInstance(spki.parsePublicKey());
      return new CertifiedKey.Rsa(k.getModulus(), k.getPublicExponent());
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
      ASN1Encodable p = spki.getAlgorithm().getParameters();
      String curve = p instanceof ASN1ObjectIdentifier oid ? oid.getId() : "explicit-parameters";
      return new CertifiedKey.Ec(curve, Bytes.of(spki.getPublicKeyData().getOctets()));
    }
    return new CertifiedKey.Unsupported(alg.getId());
  }

  private static VekExtensions vekExtensions(Extensions ext) {
    List<String> problems = new ArrayList<>();
    if (ext == null) {
      return new VekExtensions(OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
          OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), problems);
    }
    OptionalInt structVersion = integer(ext, VekExtensions.STRUCT_VERSION, "structVersion", problems);
    Optional<String> product = ia5(ext, VekExtensions.PRODUCT_NAME, "productName", problems);
    OptionalInt bl = spl(ext, VekExtensions.BL_SPL, "blSPL", problems);
    OptionalInt tee = spl(ext, VekExtensions.TEE_SPL, "teeSPL", problems);
    OptionalInt snp = spl(ext, VekExtensions.SNP_SPL, "snpSPL", problems);
    OptionalInt ucode = spl(ext, VekExtensions.UCODE_SPL, "ucodeSPL", problems);
    OptionalInt fmc = spl(ext, VekExtensions.FMC_SPL, "fmcSPL", problems);
    Extension hw = ext.getExtension(new ASN1ObjectIdentifier(VekExtensions.HW_ID));
    Optional<Bytes> hwId = hw == null ? Optional.empty() : Optional.of(Bytes.of(hw.getExtnValue().getOctets()));
    Optional<String> csp = ia5(ext, VekExtensions.CSP_ID, "cspID", problems);
    return new VekExtensions(structVersion, product, bl, tee, snp, ucode, fmc, hwId, csp, problems);
  }

  private static ASN1Primitive inner(Extensions ext, String oid, String name, List<String> problems) {
    Extension e = ext.getExtension(new ASN1ObjectIdentifier(oid));
    if (e == null) {
      return null;
    }
    try {
      return ASN1Primitive.fromByteArray(e.getExtnValue().getOctets());
    } catch (IOException | RuntimeException ex) {
      problems.add(name + " extension is not DER");
      return null;
    }
  }

  private static OptionalInt integer(Extensions ext, String oid, String name, List<String> problems) {
    ASN1Primitive p = inner(ext, oid, name, problems);
    if (p == null) {
      return OptionalInt.empty();
    }
    if (!(p instanceof ASN1Integer i) || i.getValue().bitLength() > 31 || i.getValue().signum() < 0) {
      problems.add(name + " extension is not a small non-negative INTEGER");
      return OptionalInt.empty();
    }
    return OptionalInt.of(i.getValue().intValue());
  }

  private static OptionalInt spl(Extensions ext, String oid, String name, List<String> problems) {
    OptionalInt v = integer(ext, oid, name, problems);
    if (v.isPresent() && v.getAsInt() > 255) {
      problems.add(name + " is " + v.getAsInt() + ", an SPL is one byte (0-255)");
      return OptionalInt.empty();
    }
    return v;
  }

  private static Optional<String> ia5(Extensions ext, String oid, String name, List<String> problems) {
    ASN1Primitive p = inner(ext, oid, name, problems);
    if (p == null) {
      return Optional.empty();
    }
    if (!(p instanceof ASN1IA5String s)) {
      problems.add(name + " extension is not an IA5String");
      return Optional.empty();
    }
    return Optional.of(s.getString());
  }

  /** "SEV-VCEK", "SEV-VLEK": the endorsement-key kind named by the subject CN. */
  public boolean isVcek() {
    return "SEV-VCEK".equals(subjectCommonName);
  }

  public boolean isVlek() {
    return "SEV-VLEK".equals(subjectCommonName);
  }

  public boolean selfIssued() {
    return subjectName.equals(issuerName);
  }

  public boolean validAt(Instant t) {
    return !t.isBefore(notBefore) && !t.isAfter(notAfter);
  }

  public String fingerprintHex() {
    return sha256.hex();
  }

  @Override
  public String toString() {
    return "AmdCertificate[" + subjectCommonName + " issued by " + issuerCommonName + ", sha256=" + sha256.hex() + "]";
  }
}
