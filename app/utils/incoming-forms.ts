// Form schemas shared by the incoming routes (zod; parsed again in each action).
import { z } from "zod";
import { optionalDecimalIntegerField, optionalVnDateField } from "#app/utils/form-fields";

const assignee = z.string().regex(/^[uo]:\d+$/, "Chọn đơn vị hoặc người");
const assigneeList = z
  .union([assignee, z.array(assignee)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const RoutingDecisionSchema = z.object({
  main: assignee,
  cooperating: assigneeList,
  info: assigneeList,
  deadline: optionalVnDateField(),
  workingDays: optionalDecimalIntegerField({ min: 1, max: 365 }),
  note: z.string().trim().max(2000).optional().transform((v) => v || null),
});

export function toAssigneeRef(value: string): { userId: number } | { unitId: number } {
  const [kind, id] = value.split(":");
  return kind === "u" ? { userId: Number(id) } : { unitId: Number(id) };
}

export function toRoutingDecision(data: z.infer<typeof RoutingDecisionSchema>) {
  return {
    main: toAssigneeRef(data.main),
    cooperating: data.cooperating.map(toAssigneeRef),
    info: data.info.map(toAssigneeRef),
    deadline: data.deadline,
    workingDays: data.workingDays,
    note: data.note,
  };
}
