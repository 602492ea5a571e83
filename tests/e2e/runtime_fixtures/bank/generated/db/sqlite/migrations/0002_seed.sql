INSERT INTO accounts (owner, balance_cents) VALUES ('alice', 10000), ('bob', 10000), ('carol', 10000);
