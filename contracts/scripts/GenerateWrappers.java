// Generates Web3j wrappers for every <Name>.abi/<Name>.bin pair of a directory written by
// compile.js. Run by Maven (exec:exec) with the Java source launcher and web3j codegen on the
// class path:
//   java -cp <codegen class path> scripts/GenerateWrappers.java <abi dir> <output dir> <package>
// Skips the work when the output already matches the inputs (a stamp of their hashes).

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

public class GenerateWrappers {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: GenerateWrappers <abi dir> <output dir> <package>");
      System.exit(2);
    }
    Path abiDir = Path.of(args[0]);
    Path outDir = Path.of(args[1]);
    String packageName = args[2];
    List<Path> abis;
    try (Stream<Path> files = Files.list(abiDir)) {
      abis = files.filter(p -> p.toString().endsWith(".abi")).sorted().toList();
    }
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(packageName.getBytes(StandardCharsets.UTF_8));
    for (Path abi : abis) {
      digest.update(abi.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(abi));
      digest.update(Files.readAllBytes(binOf(abi)));
    }
    String stamp = HexFormat.of().formatHex(digest.digest());
    Path stampFile = outDir.resolve(".inputs-sha256");
    if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
      System.out.println("GenerateWrappers: " + outDir + " is up to date");
      return;
    }
    deleteRecursively(outDir);
    Files.createDirectories(outDir);
    for (Path abi : abis) {
      String name = abi.getFileName().toString().replaceFirst("\\.abi$", "");
      // native Java types (BigInteger, String, byte[]), 20-byte addresses
      new SolidityFunctionWrapperGenerator(
              binOf(abi).toFile(), abi.toFile(), outDir.toFile(), name, packageName, true, false, 20)
          .generate();
    }
    Files.writeString(stampFile, stamp);
    System.out.println("GenerateWrappers: " + abis.size() + " wrappers in " + outDir);
  }

  private static Path binOf(Path abi) {
    return abi.resolveSibling(abi.getFileName().toString().replaceFirst("\\.abi$", ".bin"));
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (File f : walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).toList()) {
        f.delete();
      }
    }
  }
}
