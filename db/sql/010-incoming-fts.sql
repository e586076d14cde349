-- Full-text search over incoming documents (reliability.md §3.3). The service writes one row per
-- document: summary, number-symbol, issuing body and the PDF's extracted text, folded in JS with
-- foldDiacritics (đ → d, which unicode61 cannot do: 43/200 accent-free queries failed without it).
-- Contentless with contentless_delete, so the folded copy is not stored twice; rowid = incoming_documents.id.
CREATE VIRTUAL TABLE IF NOT EXISTS incoming_documents_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Keep the index free of orphans when a document row is deleted (documents are never deleted by the
-- app, but a maintenance script might).
CREATE TRIGGER IF NOT EXISTS incoming_documents_fts_ad AFTER DELETE ON incoming_documents BEGIN
  DELETE FROM incoming_documents_fts WHERE rowid = old.id;
END;
