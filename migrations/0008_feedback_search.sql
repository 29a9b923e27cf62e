-- Measured with bench/feedback.ts at 10,000 ideas / 200,000 feedback items:
-- similar-idea suggestions took 360 ms: an OR of trigram and full-text matches cannot use the GIN
-- index, and short queries match most titles. A GiST trigram index serves nearest-first scans
-- (title <-> q, q <<-> title) that stop after a few rows, and % as well.
drop index ideas_title_trgm;
create index ideas_title_trgm on ideas using gist (title gist_trgm_ops);
-- Sorting the backlog by trend reads the last 30 days of linked feedback of one product.
create index feedback_recent on feedback (product_id, received_at) where idea_id is not null;
