CREATE TABLE `plan_areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_areas_plan_idx` ON `plan_areas` (`plan_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `plan_kpis` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`sort_order` integer NOT NULL,
	`content` text NOT NULL,
	`target_text` text NOT NULL,
	`target_value` real,
	`unit` text,
	`direction` text NOT NULL,
	`increase_mode` text,
	`baseline` real,
	`result` real,
	`result_text` text,
	`projected` real,
	`note` text,
	`lead_unit_id` integer,
	`lead_unit_text` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_kpis_plan_idx` ON `plan_kpis` (`plan_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `plan_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`ordinal` text,
	`sort_order` integer NOT NULL,
	`title` text NOT NULL,
	`deadline_text` text DEFAULT '' NOT NULL,
	`deadline_kind` text NOT NULL,
	`due_date` text,
	`due_date_needs_input` integer DEFAULT false NOT NULL,
	`due_date_set_manually` integer DEFAULT false NOT NULL,
	`anchor_event` text,
	`anchor_date` text,
	`lead_unit_id` integer,
	`lead_unit_text` text NOT NULL,
	`cooperating_text` text DEFAULT '' NOT NULL,
	`cooperating_unresolved` text DEFAULT '[]' NOT NULL,
	`criterion_codes` text DEFAULT '' NOT NULL,
	`weight` real DEFAULT 1 NOT NULL,
	`note` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`status_reason` text,
	`status_document` text,
	`completed_on` text,
	`evidence_explanation` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `plan_areas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_tasks_progress_idx` ON `plan_tasks` (`plan_id`,`status`,`completed_on`,`due_date`,`area_id`,`lead_unit_id`,`weight`,`lead_unit_text`);--> statement-breakpoint
CREATE INDEX `plan_tasks_lead_idx` ON `plan_tasks` (`lead_unit_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `plan_tasks_area_idx` ON `plan_tasks` (`area_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`title` text NOT NULL,
	`year` integer NOT NULL,
	`document_number` text,
	`document_date` text,
	`incoming_document_id` integer,
	`outgoing_document_id` integer,
	`source_file_id` integer,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_org_year_idx` ON `plans` (`organization_id`,`year`);--> statement-breakpoint
CREATE TABLE `report_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`year` integer NOT NULL,
	`label` text NOT NULL,
	`cut_off` text NOT NULL,
	`figures` text NOT NULL,
	`xlsx_file_id` integer NOT NULL,
	`pdf_file_id` integer NOT NULL,
	`generated_by` integer,
	`generated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`xlsx_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pdf_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`generated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_snapshots_plan_idx` ON `report_snapshots` (`plan_id`,`generated_at`);--> statement-breakpoint
CREATE TABLE `task_cooperators` (
	`task_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `plan_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_cooperators_pk` ON `task_cooperators` (`task_id`,`organization_id`);--> statement-breakpoint
CREATE INDEX `task_cooperators_org_idx` ON `task_cooperators` (`organization_id`);--> statement-breakpoint
CREATE TABLE `task_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`at` integer NOT NULL,
	`effective_on` text NOT NULL,
	`actor_id` integer,
	`organization_id` integer,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`completed_on` text,
	`note` text,
	FOREIGN KEY (`task_id`) REFERENCES `plan_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_events_task_idx` ON `task_events` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `task_events_plan_idx` ON `task_events` (`plan_id`,`kind`,`effective_on`);--> statement-breakpoint
CREATE TABLE `task_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`item_id` integer,
	`kind` text NOT NULL,
	`file_id` integer,
	`document_number` text,
	`document_date` text,
	`title` text NOT NULL,
	`register_document_id` integer,
	`note` text,
	`attached_by` integer,
	`attached_by_organization_id` integer,
	`attached_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`task_id`) REFERENCES `plan_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `task_evidence_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attached_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attached_by_organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_evidence_task_idx` ON `task_evidence` (`task_id`);--> statement-breakpoint
CREATE TABLE `task_evidence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`description` text NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `plan_tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_evidence_items_task_idx` ON `task_evidence_items` (`task_id`);