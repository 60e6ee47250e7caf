-- migrate:up
CREATE TABLE order_items (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    sku      text NOT NULL
);
ALTER TABLE order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
CREATE INDEX order_items_sku_idx ON orders (status);

-- migrate:down
DROP TABLE order_items;
DROP INDEX order_items_sku_idx;
