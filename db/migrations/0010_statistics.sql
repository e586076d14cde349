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
ALTER TABLE `plan_kpis` ADD `indicator_key` text;--> statement-breakpoint
CREATE INDEX `audit_events_action_at_idx` ON `audit_events` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `incoming_assignments_main_idx` ON `incoming_assignments` (`document_id`,`kind`,`status`,`assignee_user_id`,`assignee_unit_id`);--> statement-breakpoint
CREATE INDEX `incoming_documents_stats_idx` ON `incoming_documents` (`organization_id`,`received_at`,`status`,`handling_deadline`,`completed_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_org_created_idx` ON `outgoing_documents` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_org_issued_idx` ON `outgoing_documents` (`organization_id`,`issued_at`);