package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example of {@code cluster-configs/kubernetes} is not run here, but it is valid
 * YAML in the form its {@code .yamllint} asks for: {@code yamllint} (Debian package
 * {@code yamllint}) finds nothing. Skipped where yamllint is missing, failed there in CI.
 */
class KubernetesYamlTest {
  private static final Path DIR = Path.of("cluster-configs", "kubernetes");

  @Test
  void theKubernetesExamplePassesYamllint() throws Exception {
    OutsideProgram.require("yamllint", "yamllint");
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(DIR)) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add(p.toString()));
    }
    assertTrue(files.size() >= 5, "the example's files: " + files);
    List<String> command = new ArrayList<>(List.of("yamllint", "--strict", "-f", "parsable", "-c",
        DIR.resolve(".yamllint").toString()));
    command.addAll(files);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "yamllint did not finish");
    assertEquals(0, p.exitValue(), output);
  }

  @Test
  void theStatefulSetProbesAliveAndReadyAndReadsItsSecrets() throws Exception {
    String statefulSet = Files.readString(DIR.resolve("statefulset.yaml"));
    assertTrue(statefulSet.contains("path: /alive") && statefulSet.contains("path: /ready"), "the probes");
    assertTrue(statefulSet.contains("secretKeyRef") && statefulSet.contains("PARLEY_MANAGEMENT_TOKEN"),
        "the token from a Secret");
    assertTrue(Files.readString(DIR.resolve("rbac.yaml")).contains("\"pods\""), "discovery reads pods");
    assertTrue(Files.readString(DIR.resolve("configmap.yaml")).contains("discovery-method = kubernetes-api"));
  }
}
