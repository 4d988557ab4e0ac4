package io.coracle.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevAccountsTest {
  @Test
  void derivesGanachesWellKnownDeterministicAccounts() {
    assertThat(DevAccounts.get(0).getAddress()).isEqualTo("0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1");
    assertThat(DevAccounts.get(0).getEcKeyPair().getPrivateKey().toString(16))
        .isEqualTo("4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d");
    assertThat(DevAccounts.get(1).getAddress()).isEqualTo("0xffcf8fdee72ac11b5c542428b35eef5769c409f0");
    assertThat(DevAccounts.all()).hasSize(DevAccounts.COUNT).doesNotHaveDuplicates();
  }

  @Test
  void clientIsChosenBySystemProperty() {
    String before = System.getProperty(EvmClient.PROPERTY);
    try {
      System.setProperty(EvmClient.PROPERTY, "anvil");
      assertThat(EvmClient.fromSystemProperty()).isEqualTo(EvmClient.ANVIL);
      System.setProperty(EvmClient.PROPERTY, "Ganache");
      assertThat(EvmClient.fromSystemProperty()).isEqualTo(EvmClient.GANACHE);
      System.setProperty(EvmClient.PROPERTY, "hardhat");
      org.assertj.core.api.Assertions.assertThatThrownBy(EvmClient::fromSystemProperty)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hardhat");
    } finally {
      if (before == null) System.clearProperty(EvmClient.PROPERTY); else System.setProperty(EvmClient.PROPERTY, before);
    }
  }
}
