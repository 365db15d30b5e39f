package dev.hearth.adapters.out.http.corebanking;

import static dev.hearth.adapters.out.http.Wire.required;

import dev.hearth.adapters.out.http.Wire;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.AccountType;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import java.util.List;

/** Core banking JSON to domain records; throws on anything the contract does not allow. */
final class CoreBankingMapper {
    private CoreBankingMapper() {
    }

    static CustomerProfile profile(CoreBankingJson.Profile json, CustomerId asked) {
        Wire.sameId(json.customerId(), asked.value(), "customerId");
        return new CustomerProfile(asked, json.displayName(), json.segment());
    }

    static List<Account> accounts(CoreBankingJson.Accounts json, CustomerId asked) {
        Wire.sameId(json.customerId(), asked.value(), "customerId");
        return Wire.list(json.accounts(), "accounts", item -> new Account(
                new AccountId(required(item.accountId(), "accounts[].accountId")),
                asked,
                AccountType.valueOf(required(item.type(), "accounts[].type")),
                item.productName(),
                Wire.maskedIban(item.maskedIban(), "accounts[].maskedIban"),
                item.currency()));
    }

    static Balance balance(CoreBankingJson.Balance json, AccountId asked) {
        Wire.sameId(json.accountId(), asked.value(), "accountId");
        return new Balance(asked,
                required(json.available(), "available").toMoney("available"),
                required(json.booked(), "booked").toMoney("booked"),
                Wire.instant(json.asOf(), "asOf"));
    }

    static List<Activity> activities(CoreBankingJson.Activities json, AccountId asked, int limit) {
        Wire.sameId(json.accountId(), asked.value(), "accountId");
        List<Activity> activities = Wire.list(json.activities(), "activities", item -> new Activity(
                item.id(),
                asked,
                Wire.date(item.bookingDate(), "activities[].bookingDate"),
                required(item.amount(), "activities[].amount").toMoney("activities[].amount"),
                item.description()));
        return activities.size() > limit ? activities.subList(0, limit) : activities;
    }
}
