-- validating the foreign key scans orders while blocking writes on both tables
ALTER TABLE orders
    ADD CONSTRAINT orders_account_id_fkey
    FOREIGN KEY (account_id) REFERENCES accounts (id);
