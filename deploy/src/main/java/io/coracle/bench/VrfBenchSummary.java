package io.coracle.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link VrfBenchmark} results into the summary {@code coracle bench vrf} prints: per curve
 * the mean and error of each benchmark, the ratios to ECDSA verification, and the targets.
 */
public final class VrfBenchSummary {
  /**
   * Microseconds per operation: the mean over measurement iterations with its error (half-width of
   * JMH's 99.9% confidence interval), and the fastest iteration. On a machine shared with other
   * work the minimum is the more robust estimate: interference only ever adds time.
   */
  public record Score(double meanUs, double errorUs, double minUs) {}

  /** A ratio target: numerator / denominator must not exceed {@code max} on {@code curve}. */
  public record Target(String curve, String numerator, String denominator, double max, String note) {}

  /**
   * The targets on secp256k1: prove within 2.0x and verify within 2.5x of ECDSA verify.
   * Checked twice: keys as bytes on both sides, and decoded keys reused on both sides.
   */
  public static final List<Target> TARGETS = List.of(
      new Target("secp256k1", "ecvrfProve", "ecdsaVerify", 2.0, "public key decoded per operation"),
      new Target("secp256k1", "ecvrfVerify", "ecdsaVerify", 2.5, "public key decoded per operation"),
      new Target("secp256k1", "ecvrfProve", "ecdsaVerifyDecodedKey", 2.0, "decoded ECDSA key reused"),
      new Target("secp256k1", "ecvrfVerifyDecodedKey", "ecdsaVerifyDecodedKey", 2.5, "decoded keys reused"));

  private static final String[][] RATIOS = {
      {"ecvrfProve", "ecdsaVerify"},
      {"ecvrfVerify", "ecdsaVerify"},
      {"ecvrfProve", "ecdsaVerifyDecodedKey"},
      {"ecvrfVerifyDecodedKey", "ecdsaVerifyDecodedKey"},
      {"ecvrfProve", "ecdsaSign"}};

  private VrfBenchSummary() {}

  /**
   * @param scores curve -> benchmark method -> score
   * @return an ordered map ready for JSON: results, ratios, targets and pass. A target passes when
   *     both the ratio of the means and the ratio of the fastest iterations are within it.
   */
  public static Map<String, Object> summarize(Map<String, Map<String, Score>> scores) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Score>> curve : scores.entrySet()) {
      Map<String, Object> perBenchmark = new LinkedHashMap<>();
      curve.getValue().forEach((name, s) -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("meanUs", round(s.meanUs()));
        // JMH reports no error (NaN) with fewer than two measurement iterations.
        r.put("errorUs", Double.isFinite(s.errorUs()) ? round(s.errorUs()) : null);
        r.put("minUs", round(s.minUs()));
        perBenchmark.put(name, r);
      });
      results.put(curve.getKey(), perBenchmark);
      Map<String, Object> curveRatios = new LinkedHashMap<>();
      for (String[] ratio : RATIOS) {
        Double value = ratio(curve.getValue(), ratio[0], ratio[1]);
        if (value != null) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("ofMeans", round(value));
          r.put("ofMins", round(minRatio(curve.getValue(), ratio[0], ratio[1])));
          curveRatios.put(ratio[0] + "/" + ratio[1], r);
        }
      }
      ratios.put(curve.getKey(), curveRatios);
    }
    out.put("results", results);
    out.put("ratios", ratios);
    List<Object> targets = new ArrayList<>();
    boolean allPass = true;
    for (Target t : TARGETS) {
      Map<String, Score> curve = scores.get(t.curve());
      Double value = curve == null ? null : ratio(curve, t.numerator(), t.denominator());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("curve", t.curve());
      r.put("ratio", t.numerator() + "/" + t.denominator());
      r.put("max", t.max());
      Double ofMins = value == null ? null : minRatio(curve, t.numerator(), t.denominator());
      // Both estimates must hold: on a busy machine the means alone can pass by luck when the
      // ECDSA side happened to be slowed down more.
      boolean pass = value != null && value <= t.max() && ofMins <= t.max();
      r.put("value", value == null ? null : round(value));
      r.put("valueOfMins", ofMins == null ? null : round(ofMins));
      r.put("pass", pass);
      r.put("note", t.note());
      allPass &= pass;
      targets.add(r);
    }
    out.put("targets", targets);
    out.put("pass", allPass);
    return out;
  }

  static Double ratio(Map<String, Score> scores, String numerator, String denominator) {
    Score a = scores.get(numerator);
    Score b = scores.get(denominator);
    if (a == null || b == null || b.meanUs() <= 0) {
      return null;
    }
    return a.meanUs() / b.meanUs();
  }

  static double minRatio(Map<String, Score> scores, String numerator, String denominator) {
    return scores.get(numerator).minUs() / scores.get(denominator).minUs();
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
