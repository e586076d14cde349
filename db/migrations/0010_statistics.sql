CREATE TABLE `saved_searches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`direction` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_searches_user_idx` ON `saved_searches` (`user_id`,`direction`,`id`);--> statement-breakpoint
ALTER TABLE `incoming_documents` ADD `main_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `incoming_documents` ADD `main_unit_id` integer REFERENCES organizations(id);--> statement-breakpoint
CREATE INDEX `incoming_documents_stats_idx` ON `incoming_documents` (`organization_id`,`received_at`,`status`,`handling_deadline`,`completed_at`,`created_at`,`main_unit_id`,`main_user_id`);--> statement-breakpoint
ALTER TABLE `plan_kpis` ADD `indicator_key` text;--> statement-breakpoint
CREATE INDEX `audit_events_action_entity_idx` ON `audit_events` (`action`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_org_created_idx` ON `outgoing_documents` (`organization_id`,`created_at`);--> statement-breakpoint
-- Hand-written: the main handler of documents routed before this migration, from their assignments (the leaf
-- main assignment; a person's unit as it is now).
UPDATE `incoming_documents` SET
  `main_user_id` = (SELECT a.`assignee_user_id` FROM `incoming_assignments` a WHERE a.`document_id` = `incoming_documents`.`id` AND a.`kind` = 'main' AND a.`status` <> 'delegated' ORDER BY a.`id` DESC LIMIT 1),
  `main_unit_id` = (SELECT coalesce(a.`assignee_unit_id`, u.`unit_id`) FROM `incoming_assignments` a LEFT JOIN `users` u ON u.`id` = a.`assignee_user_id` WHERE a.`document_id` = `incoming_documents`.`id` AND a.`kind` = 'main' AND a.`status` <> 'delegated' ORDER BY a.`id` DESC LIMIT 1)
WHERE `id` IN (SELECT `document_id` FROM `incoming_assignments` WHERE `kind` = 'main');
