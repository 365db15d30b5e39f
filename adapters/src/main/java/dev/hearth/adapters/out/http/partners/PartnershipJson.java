package dev.hearth.adapters.out.http.partners;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The partner service's answer for one account (adapters/DOWNSTREAMS.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
record PartnershipJson(String accountId, String partnerName, String programme, String tier) {
}
