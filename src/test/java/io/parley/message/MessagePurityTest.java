package io.parley.message;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN "Layers": the message layer is pure Java and leans on nothing but io.parley.common. */
class MessagePurityTest {
  // The predefined DO_NOT_INCLUDE_TESTS looks for ".../target/test-classes/", which misses a
  // build run with -Dparley.build.dir=target-<name>.
  private static final ImportOption MAIN_ONLY = location -> !location.contains("/test-classes/");
  private static final JavaClasses MESSAGE =
      new ClassFileImporter().withImportOption(MAIN_ONLY).importPackages("io.parley.message");

  @Test
  void messageDependsOnlyOnCommonAndTheJdk() {
    JavaClasses classes = MESSAGE;
    classes().that().resideInAPackage("io.parley.message..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.parley.message..", "io.parley.common..", "java..")
        .check(classes);
  }

  @Test
  void noIoInTheMessageLayer() {
    JavaClasses classes = MESSAGE;
    // OutputStream is allowed as the target of writeTo; files, sockets and channels are not
    classes().that().resideInAPackage("io.parley.message..")
        .should().onlyDependOnClassesThat()
        .resideOutsideOfPackages("java.net..", "java.nio.channels..", "java.nio.file..")
        .check(classes);
  }
}
