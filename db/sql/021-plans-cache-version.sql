-- The version of what the plan dashboard shows besides the viewer's own links (issue 18): its figures, areas,
-- task rows and due lists read plans, plan_areas, plan_tasks, task_events (figures at a past cut-off), the working
-- calendar ("due soon" counts working days) and organisation names. The dashboard keeps them per process under
-- this counter (app/features/plans/dashboard.server.ts), which these triggers bump in the same transaction as
-- any change, as 020-cache-versions.sql does for the directory and people.
INSERT OR IGNORE INTO cache_versions (name, version) VALUES ('plans', 0);

CREATE TRIGGER IF NOT EXISTS plans_plans_cache_ai AFTER INSERT ON plans BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plans_plans_cache_au AFTER UPDATE ON plans BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plans_plans_cache_ad AFTER DELETE ON plans BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_areas_plans_cache_ai AFTER INSERT ON plan_areas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_areas_plans_cache_au AFTER UPDATE ON plan_areas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_areas_plans_cache_ad AFTER DELETE ON plan_areas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_tasks_plans_cache_ai AFTER INSERT ON plan_tasks BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_tasks_plans_cache_au AFTER UPDATE ON plan_tasks BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS plan_tasks_plans_cache_ad AFTER DELETE ON plan_tasks BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS task_events_plans_cache_ai AFTER INSERT ON task_events BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS task_events_plans_cache_au AFTER UPDATE ON task_events BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS task_events_plans_cache_ad AFTER DELETE ON task_events BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS calendar_days_plans_cache_ai AFTER INSERT ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS calendar_days_plans_cache_au AFTER UPDATE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS calendar_days_plans_cache_ad AFTER DELETE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS organizations_plans_cache_ai AFTER INSERT ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS organizations_plans_cache_au AFTER UPDATE ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
CREATE TRIGGER IF NOT EXISTS organizations_plans_cache_ad AFTER DELETE ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'plans';
END;
