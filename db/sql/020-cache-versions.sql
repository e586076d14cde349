-- Versions of rarely changing tables, for the per-process caches of app/platform/cache-versions.server.ts
-- (the units of an organisation, the signed-in user's roles and permissions: issue 18). The triggers bump a
-- counter in the same transaction as the change, so every process that shares the database (cluster
-- workers, the CLI, the jobs worker) sees a change at its next read, with no messages between them.
CREATE TABLE IF NOT EXISTS cache_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO cache_versions (name, version) VALUES ('directory', 0), ('people', 0);

-- The directory: an organisation's units (names, kinds, tree). People carry unit and organisation names.
CREATE TRIGGER IF NOT EXISTS organizations_cache_ai AFTER INSERT ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name IN ('directory', 'people');
END;
CREATE TRIGGER IF NOT EXISTS organizations_cache_au AFTER UPDATE ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name IN ('directory', 'people');
END;
CREATE TRIGGER IF NOT EXISTS organizations_cache_ad AFTER DELETE ON organizations BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name IN ('directory', 'people');
END;

-- People: a user's row, roles and the roles' permissions.
CREATE TRIGGER IF NOT EXISTS users_cache_ai AFTER INSERT ON users BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS users_cache_au AFTER UPDATE ON users BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS users_cache_ad AFTER DELETE ON users BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS user_roles_cache_ai AFTER INSERT ON user_roles BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS user_roles_cache_au AFTER UPDATE ON user_roles BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS user_roles_cache_ad AFTER DELETE ON user_roles BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS role_permissions_cache_ai AFTER INSERT ON role_permissions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS role_permissions_cache_au AFTER UPDATE ON role_permissions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
CREATE TRIGGER IF NOT EXISTS role_permissions_cache_ad AFTER DELETE ON role_permissions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'people';
END;
