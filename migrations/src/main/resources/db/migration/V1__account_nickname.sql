-- Account nicknames: the name a customer gave an account, or the default one Hearth assigned on
-- first sight (other systems depend on it, so it is stored, not computed). One row per account.
-- Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE).
-- Lengths follow the domain: AccountId/CustomerId allow 64 characters, Nickname.MAX_LENGTH is 64.
CREATE TABLE account_nickname (
    account_id          VARCHAR(64)              NOT NULL,
    customer_id         VARCHAR(64)              NOT NULL,
    nickname            VARCHAR(64)              NOT NULL,
    assigned_by_default BOOLEAN                  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT account_nickname_pk PRIMARY KEY (account_id),
    CONSTRAINT account_nickname_not_blank CHECK (TRIM(nickname) <> '')
);

-- "All nicknames of this customer" (the legacy-compatible API, rename checks) without a full scan.
CREATE INDEX account_nickname_customer_idx ON account_nickname (customer_id);
