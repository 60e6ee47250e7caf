CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL,
    status      text NOT NULL DEFAULT 'new',
    total_cents integer NOT NULL,
    notes       text
);
