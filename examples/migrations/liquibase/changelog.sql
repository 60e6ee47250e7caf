--liquibase formatted sql

--changeset ana:1
CREATE TABLE invoices (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL,
    amount     numeric(12, 2) NOT NULL
);
--rollback DROP TABLE invoices;

--changeset ana:2
ALTER TABLE accounts ADD COLUMN invoice_email text;
--rollback ALTER TABLE accounts DROP COLUMN invoice_email;

--changeset ben:3
DROP TABLE legacy_invoices;
--rollback CREATE TABLE legacy_invoices (id bigint);
