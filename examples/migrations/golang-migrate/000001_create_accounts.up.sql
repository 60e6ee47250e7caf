CREATE TABLE accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- an index on a table created in the same migration needs no CONCURRENTLY
CREATE INDEX accounts_created_at_idx ON accounts (created_at);
