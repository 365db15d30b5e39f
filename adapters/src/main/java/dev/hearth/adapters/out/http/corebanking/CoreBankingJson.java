package dev.hearth.adapters.out.http.corebanking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hearth.adapters.out.http.Wire.MoneyJson;
import java.util.List;

/** Core banking's JSON, as documented in adapters/DOWNSTREAMS.md. Unknown fields are ignored (tolerant reader). */
final class CoreBankingJson {
    private CoreBankingJson() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Profile(String customerId, String displayName, String segment) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Accounts(String customerId, List<AccountItem> accounts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountItem(String accountId, String type, String productName, String maskedIban, String currency) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Balance(String accountId, MoneyJson available, MoneyJson booked, String asOf) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Activities(String accountId, List<ActivityItem> activities) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActivityItem(String id, String bookingDate, MoneyJson amount, String description) {
    }
}
