import { describe, expect, test } from "vitest";
import { CONFIDENTIALITY_LEVELS as INCOMING_CONFIDENTIALITY_COLUMN, INCOMING_STATUSES, URGENCY_LEVELS as INCOMING_URGENCY_COLUMN } from "#db/schema/incoming";
import { OUTGOING_CONFIDENTIALITIES, OUTGOING_STATUSES as OUTGOING_STATUS_COLUMN, OUTGOING_URGENCIES } from "#db/schema/outgoing";
import { PLAN_TASK_STATUSES } from "#db/schema/plans";
import { CONFIDENTIALITY_LEVELS, URGENCY_LEVELS } from "#app/domain/shared/document-marks";
import { INCOMING_STATES } from "#app/domain/incoming/workflow";
import { OUTGOING_STATUSES } from "#app/domain/outgoing/workflow";
import { TASK_STATUSES } from "#app/domain/plans/progress";

// db/ may not import the app (DESIGN.md §2), so the column enums repeat the domain's vocabularies. These
// checks keep each pair identical: a status added on one side only would be stored but never handled.
describe("database enums mirror the domain vocabularies", () => {
  test("incoming states", () => expect([...INCOMING_STATUSES]).toEqual([...INCOMING_STATES]));
  test("outgoing states", () => expect([...OUTGOING_STATUS_COLUMN]).toEqual([...OUTGOING_STATUSES]));
  test("plan task statuses", () => expect([...PLAN_TASK_STATUSES]).toEqual([...TASK_STATUSES]));
  test("urgency and confidentiality marks are one vocabulary for incoming and outgoing", () => {
    expect([...INCOMING_URGENCY_COLUMN]).toEqual([...URGENCY_LEVELS]);
    expect([...OUTGOING_URGENCIES]).toEqual([...URGENCY_LEVELS]);
    expect([...INCOMING_CONFIDENTIALITY_COLUMN]).toEqual([...CONFIDENTIALITY_LEVELS]);
    expect([...OUTGOING_CONFIDENTIALITIES]).toEqual([...CONFIDENTIALITY_LEVELS]);
  });
});
