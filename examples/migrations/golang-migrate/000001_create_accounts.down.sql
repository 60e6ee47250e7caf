-- the down migration may drop what its up created
DROP TABLE accounts;
