package dev.hearth.ports.domain.model;

import java.util.Objects;

/** The partner programme an account belongs to (cashback, co-branding, ...). */
public record Partnership(AccountId accountId, String partnerName, String programme, String tier) {
    public Partnership {
        Objects.requireNonNull(accountId, "accountId");
        Checks.text(partnerName, "partnerName");
        Checks.text(programme, "programme");
        Checks.text(tier, "tier");
    }
}
