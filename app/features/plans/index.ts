// The public API of reform plans (kế hoạch cải cách hành chính, issue 6). Other features, routes, scripts and
// tests import from here only; the files behind it:
//   access (scope, who may see/manage a plan) · import (appendix → preview → commit) · plans (list)
//   tasks along their state machine (DESIGN §4): task-lifecycle (status, confirm, send back, notes,
//   deadlines), task-evidence (files, document references), task-queries (detail, lists, journal),
//   evidence-filing (evidence as records for case files)
//   progress (figures as of a cut-off) · kpis · dashboard · reports/{figures,xlsx,pdf,snapshots}.
// Every function here takes the ServiceContext first.
export { planAccess, requirePlanAccess, type PlanAccess } from "#app/features/plans/access.server";
export {
  commitPlanImport,
  previewPlanImport,
  type CommitPlanImportOptions,
  type PlanImportPreview,
  type PlanImportResult,
  type PreviewTask,
} from "#app/features/plans/import.server";
export { listPlans, type PlanListItem } from "#app/features/plans/plans.server";
export {
  addTaskEntry,
  changeTaskStatus,
  confirmTaskCompletion,
  sendBackTaskCompletion,
  setTaskAnchorDate,
  setTaskDueDate,
  type ChangeStatusOptions,
} from "#app/features/plans/task-lifecycle.server";
export { attachEvidenceFile, attachEvidenceReference, readEvidenceFile, removeEvidence } from "#app/features/plans/task-evidence.server";
export {
  describeTaskEvidence,
  listEvidenceForFiling,
  loadEvidenceForFiling,
  PLAN_TASK_ENTITY,
  type EvidenceRecord,
} from "#app/features/plans/evidence-filing.server";
export {
  getTaskDetail,
  listAwaitingConfirmation,
  listTaskEvents,
  listUnitTasks,
  type EvidenceItemView,
  type TaskDetail,
  type UnitTaskRow,
} from "#app/features/plans/task-queries.server";
export type { TaskPermissions } from "#app/features/plans/task-access.server";
export {
  currentFigures,
  journalFigures,
  planFigures,
  type FigureGroup,
  type FigureOptions,
  type Figures,
  type PlanFigures,
} from "#app/features/plans/progress.server";
export { listPlanKpis, saveKpi, type KpiView, type SaveKpiOptions } from "#app/features/plans/kpis.server";
export { emailReminderStatus, getPlanDashboard, getPlanHeading, getUnitTasksPage, plansDashboardProvider } from "#app/features/plans/dashboard.server";
export type { ReportFigures, ReportTaskRow } from "#app/features/plans/reports/figures.server";
export {
  generateReportSnapshot,
  getReportSnapshot,
  listReportSnapshots,
  readReportFile,
  type SnapshotListItem,
} from "#app/features/plans/reports/snapshots.server";
