-- Full-text search over outgoing documents (issue 16 §4), the same technique as incoming (010-incoming-fts.sql):
-- contentless FTS5 with contentless_delete, tokenizer `unicode61 remove_diacritics 2`, and đ/Đ folded to d
-- (which unicode61 cannot do). The body is number-symbol, summary, the intended signer's name and the composed
-- text. Triggers keep it in step with every write, in the writer's transaction, so no service can forget it;
-- the last statement indexes rows written before this file existed (idempotent: only ids not yet indexed).
CREATE VIRTUAL TABLE IF NOT EXISTS outgoing_documents_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS outgoing_documents_fts_ai AFTER INSERT ON outgoing_documents BEGIN
  INSERT INTO outgoing_documents_fts(rowid, body) VALUES (new.id, replace(replace(replace(
    coalesce(new.number_symbol, '') || ' ' || new.summary || ' ' || coalesce((SELECT full_name FROM users WHERE id = new.signer_id), '') || ' ' ||
    coalesce(CASE WHEN json_valid(new.compose_input) THEN json_extract(new.compose_input, '$.body') END, ''),
    'đ', 'd'), 'Đ', 'd'), 'Ð', 'd'));
END;
CREATE TRIGGER IF NOT EXISTS outgoing_documents_fts_au AFTER UPDATE OF number_symbol, summary, signer_id, compose_input ON outgoing_documents BEGIN
  DELETE FROM outgoing_documents_fts WHERE rowid = old.id;
  INSERT INTO outgoing_documents_fts(rowid, body) VALUES (new.id, replace(replace(replace(
    coalesce(new.number_symbol, '') || ' ' || new.summary || ' ' || coalesce((SELECT full_name FROM users WHERE id = new.signer_id), '') || ' ' ||
    coalesce(CASE WHEN json_valid(new.compose_input) THEN json_extract(new.compose_input, '$.body') END, ''),
    'đ', 'd'), 'Đ', 'd'), 'Ð', 'd'));
END;
CREATE TRIGGER IF NOT EXISTS outgoing_documents_fts_ad AFTER DELETE ON outgoing_documents BEGIN
  DELETE FROM outgoing_documents_fts WHERE rowid = old.id;
END;
INSERT INTO outgoing_documents_fts(rowid, body)
  SELECT o.id, replace(replace(replace(
    coalesce(o.number_symbol, '') || ' ' || o.summary || ' ' || coalesce((SELECT full_name FROM users WHERE id = o.signer_id), '') || ' ' ||
    coalesce(CASE WHEN json_valid(o.compose_input) THEN json_extract(o.compose_input, '$.body') END, ''),
    'đ', 'd'), 'Đ', 'd'), 'Ð', 'd')
  FROM outgoing_documents o WHERE o.id NOT IN (SELECT rowid FROM outgoing_documents_fts);
