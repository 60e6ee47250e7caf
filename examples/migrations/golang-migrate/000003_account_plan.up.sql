SET lock_timeout = '2s';

-- NOT NULL without a default fails on a table with rows
ALTER TABLE accounts ADD COLUMN plan text NOT NULL;

-- changing a column type rewrites the whole table under an ACCESS EXCLUSIVE lock
ALTER TABLE accounts ALTER COLUMN email TYPE varchar(320);
