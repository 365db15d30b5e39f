package dev.hearth.bench.peer;

import dev.hearth.ports.domain.port.out.LoadAccountsPort;
import dev.hearth.ports.domain.port.out.LoadBalancePort;
import dev.hearth.ports.domain.port.out.LoadBannersPort;
import dev.hearth.ports.domain.port.out.LoadCardDetailsPort;
import dev.hearth.ports.domain.port.out.LoadCardsPort;
import dev.hearth.ports.domain.port.out.LoadCustomerProfilePort;
import dev.hearth.ports.domain.port.out.NicknamePort;
import dev.hearth.ports.domain.port.out.LoadOpenBankingBalancesPort;
import dev.hearth.ports.domain.port.out.LoadPartnershipPort;

/** The ports the home screen calls, implemented by the adapters Hearth uses. */
record HomePorts(
        LoadCustomerProfilePort profile,
        LoadAccountsPort accounts,
        LoadBalancePort balance,
        LoadPartnershipPort partnership,
        NicknamePort nickname,
        LoadCardsPort cards,
        LoadCardDetailsPort cardDetails,
        LoadOpenBankingBalancesPort openBanking,
        LoadBannersPort banners) {
}
