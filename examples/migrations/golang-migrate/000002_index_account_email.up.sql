-- accounts is a live table by now: this blocks every write while the index builds
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);
