-- running application code still uses the old name
ALTER TABLE orders RENAME COLUMN total_cents TO amount_cents;
