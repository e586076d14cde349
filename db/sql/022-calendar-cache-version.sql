-- The version of the working-day calendar (holidays and worked weekend days, /admin/calendar): deadlines,
-- "due soon" and overdue marks on most pages count working days, and reading the table on every view cost
-- ~0.1 ms of a 3–7 ms page (issue 18, docs/benchmarks/http.md §10). app/platform/calendar.server.ts keeps the
-- calendar per process under this counter, which these triggers bump in the same transaction as any change, as
-- 020-cache-versions.sql does for the directory and people.
INSERT OR IGNORE INTO cache_versions (name, version) VALUES ('calendar', 0);

CREATE TRIGGER IF NOT EXISTS calendar_days_calendar_cache_ai AFTER INSERT ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar';
END;
CREATE TRIGGER IF NOT EXISTS calendar_days_calendar_cache_au AFTER UPDATE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar';
END;
CREATE TRIGGER IF NOT EXISTS calendar_days_calendar_cache_ad AFTER DELETE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar';
END;
