import { describe, expect, test } from "vitest";
import { ROLES, type RoleKey } from "#db/reference-data";
import {
  INCOMING_ACTIONS,
  INCOMING_STATES,
  availableIncomingActions,
  decideIncomingTransition,
  type IncomingAction,
  type IncomingState,
} from "#app/domain/incoming/workflow";

const perms = (role: RoleKey) => ROLES[role].permissions as string[];

// The complete table: for each action, the states it leaves from, where it goes, and which roles may do it.
// `assigneeOnly`: only the main handler (complete) or the leader the document was forwarded to (direct).
const EXPECTED: Record<IncomingAction, { from: IncomingState[]; to: IncomingState | "same"; roles: RoleKey[]; assigneeOnly?: boolean }> = {
  register: { from: ["received"], to: "registered", roles: ["clerk"] },
  submit: { from: ["registered"], to: "awaiting_routing", roles: ["clerk"] },
  route: { from: ["awaiting_routing"], to: "in_progress", roles: ["office_lead", "leader"] },
  forward: { from: ["awaiting_routing"], to: "awaiting_direction", roles: ["office_lead"] },
  direct: { from: ["awaiting_direction"], to: "in_progress", roles: ["leader"], assigneeOnly: true },
  complete: {
    from: ["in_progress"],
    to: "completed",
    roles: ["clerk", "office_lead", "leader", "dept_lead", "specialist", "plan_manager"],
    assigneeOnly: true,
  },
  return: { from: ["received", "registered", "awaiting_routing"], to: "returned", roles: ["clerk", "office_lead"] },
  correct: { from: ["registered", "awaiting_routing", "awaiting_direction", "in_progress"], to: "same", roles: ["clerk"] },
};

const ROLE_KEYS = Object.keys(ROLES) as RoleKey[];

describe("incoming workflow: every action × state × role", () => {
  for (const action of INCOMING_ACTIONS) {
    for (const from of INCOMING_STATES) {
      for (const role of ROLE_KEYS) {
        for (const isAssignee of [false, true]) {
          const rule = EXPECTED[action];
          const stateOk = rule.from.includes(from);
          const roleOk = rule.roles.includes(role) && (!rule.assigneeOnly || isAssignee);
          const label = `${action} from ${from} as ${role}${isAssignee ? " (main handler / forwarded leader)" : ""}: ${stateOk && roleOk ? "allowed" : stateOk ? "FORBIDDEN" : "INVALID_STATE"}`;
          test(label, () => {
            const actor = { permissions: perms(role), isMainHandler: isAssignee, isForwardedLeader: isAssignee };
            const decision = decideIncomingTransition({ from, action, actor, target: "in_progress" });
            if (stateOk && roleOk) expect(decision).toEqual({ ok: true, to: rule.to === "same" ? from : rule.to });
            else expect(decision).toMatchObject({ ok: false, code: stateOk ? "FORBIDDEN" : "INVALID_STATE" });
          });
        }
      }
    }
  }
});

describe("incoming workflow: details", () => {
  test("a leader's direction sends the document back for routing or straight into handling", () => {
    const leader = { permissions: perms("leader"), isForwardedLeader: true };
    // A leader the document was not forwarded to is not asked for a direction.
    expect(
      decideIncomingTransition({ from: "awaiting_direction", action: "direct", actor: { permissions: perms("leader") }, target: "in_progress" }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideIncomingTransition({ from: "awaiting_direction", action: "direct", actor: leader, target: "awaiting_routing" })).toEqual({
      ok: true,
      to: "awaiting_routing",
    });
    expect(decideIncomingTransition({ from: "awaiting_direction", action: "direct", actor: leader, target: "in_progress" })).toEqual({
      ok: true,
      to: "in_progress",
    });
    expect(decideIncomingTransition({ from: "awaiting_direction", action: "direct", actor: leader, target: "completed" })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });
  });

  test("a recalled document refuses every action with a Vietnamese message", () => {
    for (const action of INCOMING_ACTIONS) {
      const decision = decideIncomingTransition({ from: "awaiting_routing", action, actor: { permissions: perms("office_lead") }, isRecalled: true });
      expect(decision).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(decision.ok ? "" : decision.message).toMatch(/thu hồi/);
    }
  });

  test("refusals explain themselves in Vietnamese", () => {
    const d = decideIncomingTransition({ from: "awaiting_routing", action: "route", actor: { permissions: perms("clerk") } });
    expect(d).toEqual({ ok: false, code: "FORBIDDEN", message: "Chỉ lãnh đạo Văn phòng được phân phối văn bản này" });
    const s = decideIncomingTransition({ from: "completed", action: "return", actor: { permissions: perms("clerk") } });
    expect(s.ok ? "" : s.message).toBe('Không thể trả lại văn bản ở trạng thái "Đã hoàn thành"');
    const c = decideIncomingTransition({ from: "in_progress", action: "correct", actor: { permissions: perms("specialist") } });
    expect(c).toEqual({ ok: false, code: "FORBIDDEN", message: "Chỉ văn thư được sửa thông tin đăng ký văn bản này" });
  });

  test("available actions for the buttons", () => {
    expect(availableIncomingActions("awaiting_routing", { permissions: perms("office_lead") })).toEqual(["route", "forward", "return"]);
    expect(availableIncomingActions("registered", { permissions: perms("clerk") })).toEqual(["submit", "return", "correct"]);
    expect(availableIncomingActions("in_progress", { permissions: perms("clerk") })).toEqual(["correct"]);
    expect(availableIncomingActions("completed", { permissions: perms("clerk") })).toEqual([]);
    expect(availableIncomingActions("in_progress", { permissions: perms("specialist"), isMainHandler: true })).toEqual(["complete"]);
    expect(availableIncomingActions("in_progress", { permissions: perms("specialist") })).toEqual([]);
    expect(availableIncomingActions("awaiting_routing", { permissions: perms("office_lead") }, true)).toEqual([]);
  });
});
