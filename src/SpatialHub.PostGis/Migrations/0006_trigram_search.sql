-- Typo-tolerant search (issue 17 item 10): word_similarity() from pg_trgm ranks near misses ("Sceince Park") below
-- exact, prefix and substring matches. pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
