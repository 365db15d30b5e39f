package dev.hearth.adapters.out.persistence.nickname;

/** One row of {@code account_nickname}, as stored; not a domain object. */
record NicknameRow(String accountId, String customerId, String nickname, boolean assignedByDefault) {
}
