package dev.hearth.adapters.out.http.openbanking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hearth.adapters.out.http.Wire.MoneyJson;
import java.util.List;

/** The open-banking hub's JSON (adapters/DOWNSTREAMS.md). */
final class OpenBankingJson {
    private OpenBankingJson() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Balances(String customerId, List<Item> balances) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(String bankName, String maskedIban, MoneyJson balance, String asOf) {
    }
}
