package io.parley.nat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.20",
      "100.64.0.1", "100.127.255.255", "169.254.10.1", "fd00::1", "[fc12:3456::1]", "fe80::1", "FE80::abcd"})
  void privateAndSharedAddressesArePrivate(String host) {
    assertTrue(PrivateAddresses.isPrivate(host), host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255",
      "100.128.0.1", "11.0.0.1", "8.8.8.8", "::1", "2001:db8::1", "[2001:db8::1]", "fec0::1",
      "example.com", "10.0.0", "10.0.0.256", "10.0.0.1.5", "1O.0.0.1", "", "10..0.1"})
  void publicLoopbackNamesAndNonsenseAreNot(String host) {
    assertFalse(PrivateAddresses.isPrivate(host), host);
  }

  @org.junit.jupiter.api.Test
  void nullIsNotPrivate() {
    assertFalse(PrivateAddresses.isPrivate(null));
  }
}
