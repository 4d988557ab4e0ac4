package io.coracle.attestation.provider;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.cert.CertificateSignatures;
import io.coracle.attestation.cert.VekExtensions;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.report.ReportBuilder;
import io.coracle.attestation.report.TcbLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * A software "AMD chip": an ARK -> ASK -> VCEK hierarchy in AMD's exact formats (RSA-4096
 * RSASSA-PSS/SHA-384 ARK and ASK, P-384 VCEK with AMD's extensions, hwID raw), a chip id and a
 * TCB, able to sign reports. It proves nothing about hardware: verifiers refuse it unless its ARK
 * is configured explicitly as a trust root. Names say SIMULATED. Persistable, so a devnet keeps
 * the same "chip" across restarts. Private keys never appear in toString, logs or exceptions.
 */
public final class SimulatedHierarchy {
  private static final System.Logger LOG = System.getLogger(SimulatedHierarchy.class.getName());
  private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");
  private static final ECDomainParameters P384_DOMAIN =
      new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH());
  static final String BANNER = "SIMULATED SEV-SNP: software-generated AMD-format hierarchy, NOT a real AMD chip; "
      + "its evidence proves nothing about hardware";

  private final ProcessorGeneration product;
  private final RSAPrivateCrtKeyParameters arkKey;
  private final RSAPrivateCrtKeyParameters askKey;
  private final ECPrivateKeyParameters vcekKey;
  private final Bytes arkDer;
  private final Bytes askDer;
  private final Bytes vcekDer;
  private final Bytes chipId;
  private final long tcb;

  private SimulatedHierarchy(ProcessorGeneration product, RSAPrivateCrtKeyParameters arkKey,
      RSAPrivateCrtKeyParameters askKey, ECPrivateKeyParameters vcekKey, Bytes arkDer, Bytes askDer, Bytes vcekDer,
      Bytes chipId, long tcb) {
    this.product = product;
    this.arkKey = arkKey;
    this.askKey = askKey;
    this.vcekKey = vcekKey;
    this.arkDer = arkDer;
    this.askDer = askDer;
    this.vcekDer = vcekDer;
    this.chipId = chipId;
    this.tcb = tcb;
  }

  /** A TCB that looks like current firmware for the product line. */
  public static long typicalTcb(ProcessorGeneration product) {
    return product.tcbLayout() == TcbLayout.TURIN
        ? TcbLayout.TURIN.encode(1, 1, 0, 4, 0x4b)
        : TcbLayout.MILAN_GENOA.encode(0, product == ProcessorGeneration.MILAN ? 4 : 10, 0,
            product == ProcessorGeneration.MILAN ? 24 : 25, product == ProcessorGeneration.MILAN ? 219 : 84);
  }

  /** Generates a new hierarchy (two RSA-4096 keys: seconds of CPU). */
  public static SimulatedHierarchy generate(ProcessorGeneration product, long tcb, Instant now, SecureRandom random) {
    LOG.log(System.Logger.Level.WARNING, BANNER + " (generating a new " + product.productName() + " hierarchy)");
    RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
    rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, CertificateSignatures.AMD_RSA_BITS, 100));
    AsymmetricCipherKeyPair ark = rsa.generateKeyPair();
    AsymmetricCipherKeyPair ask = rsa.generateKeyPair();
    ECKeyPairGenerator ec = new ECKeyPairGenerator();
    ec.init(new ECKeyGenerationParameters(P384_DOMAIN, random));
    AsymmetricCipherKeyPair vcek = ec.generateKeyPair();
    byte[] chip = new byte[64];
    byte[] id = new byte[product.hwIdLength()];
    random.nextBytes(id);
    System.arraycopy(id, 0, chip, 0, id.length);

    RSAPrivateCrtKeyParameters arkPriv = (RSAPrivateCrtKeyParameters) ark.getPrivate();
    RSAPrivateCrtKeyParameters askPriv = (RSAPrivateCrtKeyParameters) ask.getPrivate();
    ECPrivateKeyParameters vcekPriv = (ECPrivateKeyParameters) vcek.getPrivate();
    X500Name arkName = name("ARK-" + product.productName());
    X500Name askName = name("SEV-" + product.productName());
    Instant from = now.minus(Duration.ofDays(1));
    byte[] arkCert = certificate(BigInteger.valueOf(0x10000), arkName, arkName, from, from.plus(Duration.ofDays(25 * 365)),
        rsaSpki(arkPriv), caExtensions(), arkPriv);
    byte[] askCert = certificate(BigInteger.valueOf(0x10001), arkName, askName, from, from.plus(Duration.ofDays(25 * 365)),
        rsaSpki(askPriv), caExtensions(), arkPriv);
    ECPublicKeyParameters vcekPub = (ECPublicKeyParameters) vcek.getPublic();
    SubjectPublicKeyInfo ecSpki = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp384r1),
        vcekPub.getQ().getEncoded(false));
    byte[] vcekCert = certificate(BigInteger.ZERO, askName, name("SEV-VCEK"), from, from.plus(Duration.ofDays(7 * 365)),
        ecSpki, vcekExtensions(product, tcb, id), askPriv);
    return new SimulatedHierarchy(product, arkPriv, askPriv, vcekPriv, Bytes.of(arkCert), Bytes.of(askCert),
        Bytes.of(vcekCert), Bytes.of(chip), tcb);
  }

  private static X500Name name(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.OU, "SIMULATED - not AMD")
        .addRDN(BCStyle.C, "US")
        .addRDN(BCStyle.L, "Nowhere")
        .addRDN(BCStyle.ST, "NA")
        .addRDN(BCStyle.O, "Coracle simulated SEV-SNP")
        .addRDN(BCStyle.CN, cn)
        .build();
  }

  private static SubjectPublicKeyInfo rsaSpki(RSAPrivateCrtKeyParameters k) {
    try {
      return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
          new RSAPublicKey(k.getModulus(), k.getPublicExponent()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an RSA public key", e);
    }
  }

  /** AMD's PSS parameters, byte for byte: SHA-384, MGF1-SHA-384, salt 48, trailer 1 written out. */
  static AlgorithmIdentifier amdPss() {
    AlgorithmIdentifier sha384 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE);
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new DERTaggedObject(true, 0, sha384));
    v.add(new DERTaggedObject(true, 1, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha384)));
    v.add(new DERTaggedObject(true, 2, new ASN1Integer(48)));
    v.add(new DERTaggedObject(true, 3, new ASN1Integer(1)));
    return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new DERSequence(v));
  }

  private static org.bouncycastle.asn1.x509.Extensions caExtensions() {
    try {
      ExtensionsGenerator g = new ExtensionsGenerator();
      g.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      g.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      return g.generate();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static org.bouncycastle.asn1.x509.Extensions vcekExtensions(ProcessorGeneration product, long tcbRaw, byte[] hwId) {
    try {
      var t = product.tcbLayout().decode(tcbRaw);
      ExtensionsGenerator g = new ExtensionsGenerator();
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.STRUCT_VERSION), false,
          new ASN1Integer(product == ProcessorGeneration.TURIN ? 1 : 0));
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.PRODUCT_NAME), false,
          new DERIA5String(product == ProcessorGeneration.MILAN ? "Milan-B0" : product.productName()));
      if (t.hasFmc()) {
        g.addExtension(new ASN1ObjectIdentifier(VekExtensions.FMC_SPL), false, new ASN1Integer(t.fmc()));
      }
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.BL_SPL), false, new ASN1Integer(t.bootloader()));
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.TEE_SPL), false, new ASN1Integer(t.tee()));
      for (String spl : new String[] {VekExtensions.SPL_4, VekExtensions.SPL_5, VekExtensions.SPL_6, VekExtensions.SPL_7}) {
        g.addExtension(new ASN1ObjectIdentifier(spl), false, new ASN1Integer(0));
      }
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.SNP_SPL), false, new ASN1Integer(t.snp()));
      g.addExtension(new ASN1ObjectIdentifier(VekExtensions.UCODE_SPL), false, new ASN1Integer(t.microcode()));
      // hwID is raw bytes in the extension value, not a DER OCTET STRING inside it: as AMD does.
      g.addExtension(new Extension(new ASN1ObjectIdentifier(VekExtensions.HW_ID), false, new DEROctetString(hwId)));
      return g.generate();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] certificate(BigInteger serial, X500Name issuer, X500Name subject, Instant from, Instant to,
      SubjectPublicKeyInfo spki, org.bouncycastle.asn1.x509.Extensions ext, RSAPrivateCrtKeyParameters signer) {
    try {
      V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
      g.setSerialNumber(new ASN1Integer(serial));
      g.setSignature(amdPss());
      g.setIssuer(issuer);
      g.setSubject(subject);
      g.setStartDate(new Time(Date.from(from)));
      g.setEndDate(new Time(Date.from(to)));
      g.setSubjectPublicKeyInfo(spki);
      g.setExtensions(ext);
      TBSCertificate tbs = g.generateTBSCertificate();
      byte[] tbsDer = tbs.getEncoded(ASN1Encoding.DER);
      byte[] sig = CertificateSignatures.signPss(signer, tbsDer);
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(tbs);
      v.add(amdPss());
      v.add(new DERBitString(sig));
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a simulated certificate", e);
    }
  }

  // ---- use ----

  public ProcessorGeneration product() { return product; }
  public Bytes arkDer() { return arkDer; }
  public Bytes askDer() { return askDer; }
  public Bytes vcekDer() { return vcekDer; }
  public Bytes chipId() { return chipId; }
  public long tcb() { return tcb; }

  /** A report builder preset for this chip: its chip id, TCB, CPUID and a version 3 layout (5 on Turin). */
  public ReportBuilder reportTemplate() {
    ReportBuilder b = new ReportBuilder().tcb(tcb).chipId(chipId.toArray());
    switch (product) {
      case MILAN -> b.version(3).cpuid(0x19, 0x01, 0x01);
      case GENOA -> b.version(3).cpuid(0x19, 0x11, 0x01);
      case TURIN -> b.version(5).cpuid(0x1A, 0x02, 0x00).launchMitVector(1).currentMitVector(1);
    }
    return b;
  }

  /** Signs report bytes [0, 0x2A0) with the VCEK and writes r and s (72-byte little-endian). */
  public byte[] sign(byte[] unsignedReport) {
    if (unsignedReport.length != AttestationReport.SIZE) {
      throw new IllegalArgumentException("a report is " + AttestationReport.SIZE + " bytes");
    }
    byte[] r = unsignedReport.clone();
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-384").digest(java.util.Arrays.copyOf(r, AttestationReport.SIGNED_LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
    s.init(true, vcekKey);
    BigInteger[] rs = s.generateSignature(digest);
    java.util.Arrays.fill(r, AttestationReport.SIGNATURE_OFFSET, AttestationReport.SIZE, (byte) 0);
    writeLittleEndian(rs[0], r, AttestationReport.SIGNATURE_OFFSET);
    writeLittleEndian(rs[1], r, AttestationReport.SIGNATURE_OFFSET + AttestationReport.ECDSA_COMPONENT_SIZE);
    return r;
  }

  private static void writeLittleEndian(BigInteger v, byte[] out, int at) {
    byte[] be = v.toByteArray();
    for (int i = 0; i < be.length && i < AttestationReport.ECDSA_COMPONENT_SIZE; i++) {
      out[at + i] = be[be.length - 1 - i];
    }
  }

  // ---- persistence ----

  private static final String[] FILES = {"ark.der", "ask.der", "vcek.der", "ark.key", "ask.key", "vcek.key", "chip.properties"};

  /** Loads the hierarchy in {@code dir}, or creates and saves a new one there. */
  public static SimulatedHierarchy loadOrCreate(Path dir, ProcessorGeneration product, Instant now, SecureRandom random)
      throws ProviderException {
    if (Files.exists(dir.resolve("chip.properties"))) {
      SimulatedHierarchy h = load(dir);
      if (h.product() != product) {
        throw new ProviderException("the simulated chip in " + dir + " is a " + h.product().productName()
            + ", not a " + product.productName() + " (use another directory)");
      }
      return h;
    }
    SimulatedHierarchy h = generate(product, typicalTcb(product), now, random);
    h.save(dir);
    return h;
  }

  /** Writes certificates, keys (PKCS#8, owner-only permissions where supported) and chip facts. */
  public void save(Path dir) throws ProviderException {
    try {
      Files.createDirectories(dir);
      ownerOnly(dir, "rwx------");
      write(dir.resolve("ark.der"), arkDer.toArray(), false);
      write(dir.resolve("ask.der"), askDer.toArray(), false);
      write(dir.resolve("vcek.der"), vcekDer.toArray(), false);
      write(dir.resolve("ark.key"), PrivateKeyInfoFactory.createPrivateKeyInfo(arkKey).getEncoded(ASN1Encoding.DER), true);
      write(dir.resolve("ask.key"), PrivateKeyInfoFactory.createPrivateKeyInfo(askKey).getEncoded(ASN1Encoding.DER), true);
      write(dir.resolve("vcek.key"), PrivateKeyInfoFactory.createPrivateKeyInfo(vcekKey).getEncoded(ASN1Encoding.DER), true);
      Properties p = new Properties();
      p.setProperty("product", product.productName());
      p.setProperty("chip-id", chipId.hex());
      p.setProperty("tcb", Long.toHexString(tcb));
      try (OutputStream out = Files.newOutputStream(dir.resolve("chip.properties"))) {
        p.store(out, BANNER);
      }
    } catch (IOException e) {
      throw new ProviderException("cannot save the simulated hierarchy in " + dir + ": " + e.getMessage());
    }
  }

  private static void write(Path file, byte[] data, boolean secret) throws IOException {
    Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    if (secret) {
      ownerOnly(file, "rw-------");
    }
  }

  private static void ownerOnly(Path p, String perms) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the directory's own protection applies.
    }
  }

  /** Loads a saved hierarchy, checking every key against its certificate. */
  public static SimulatedHierarchy load(Path dir) throws ProviderException {
    for (String f : FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new ProviderException("simulated hierarchy in " + dir + " is incomplete: " + f + " is missing");
      }
    }
    try {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(dir.resolve("chip.properties"))) {
        p.load(in);
      }
      ProcessorGeneration product = ProcessorGeneration.fromProductName(p.getProperty("product"))
          .orElseThrow(() -> new ProviderException("chip.properties: unknown product '" + p.getProperty("product") + "'"));
      Bytes chip = Bytes.fromHex(p.getProperty("chip-id", ""));
      if (chip.length() != 64) {
        throw new ProviderException("chip.properties: chip-id must be 64 bytes");
      }
      long tcb = Long.parseUnsignedLong(p.getProperty("tcb", ""), 16);
      var ark = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(Files.readAllBytes(dir.resolve("ark.key")));
      var ask = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(Files.readAllBytes(dir.resolve("ask.key")));
      var vcek = (ECPrivateKeyParameters) PrivateKeyFactory.createKey(Files.readAllBytes(dir.resolve("vcek.key")));
      SimulatedHierarchy h = new SimulatedHierarchy(product, ark, ask, vcek,
          Bytes.of(Files.readAllBytes(dir.resolve("ark.der"))), Bytes.of(Files.readAllBytes(dir.resolve("ask.der"))),
          Bytes.of(Files.readAllBytes(dir.resolve("vcek.der"))), chip, tcb);
      h.checkConsistent();
      LOG.log(System.Logger.Level.WARNING, BANNER + " (loaded " + product.productName() + " hierarchy from " + dir + ")");
      return h;
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("cannot load the simulated hierarchy in " + dir + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private void checkConsistent() throws ProviderException {
    try {
      var arkCert = io.coracle.attestation.cert.AmdCertificate.parse(arkDer.toArray());
      var askCert = io.coracle.attestation.cert.AmdCertificate.parse(askDer.toArray());
      var vcekCert = io.coracle.attestation.cert.AmdCertificate.parse(vcekDer.toArray());
      if (!(arkCert.publicKey() instanceof io.coracle.attestation.cert.CertifiedKey.Rsa a)
          || !a.modulus().equals(arkKey.getModulus())
          || !(askCert.publicKey() instanceof io.coracle.attestation.cert.CertifiedKey.Rsa s)
          || !s.modulus().equals(askKey.getModulus())
          || !(vcekCert.publicKey() instanceof io.coracle.attestation.cert.CertifiedKey.Ec e)
          || !java.util.Arrays.equals(e.encodedPoint().toArray(),
              P384.getG().multiply(vcekKey.getD()).normalize().getEncoded(false))) {
        throw new ProviderException("a private key does not match its certificate");
      }
    } catch (io.coracle.attestation.cert.CertificateFormatException e) {
      throw new ProviderException("a saved certificate does not parse: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SimulatedHierarchy[" + product.productName() + ", SIMULATED, ark sha256="
        + HexFormat.of().formatHex(sha256(arkDer.toArray())) + "]";
  }

  private static byte[] sha256(byte[] d) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
