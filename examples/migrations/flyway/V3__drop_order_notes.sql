-- old application versions still select this column
ALTER TABLE orders DROP COLUMN notes;
