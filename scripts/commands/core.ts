import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { eq, or } from "drizzle-orm";
import { organizations } from "#db/schema/index";
import { ROLE_KEYS, type RoleKey } from "#db/reference-data";
import { verifyAuditChain } from "#app/platform/audit.server";
import { createUser, findUserByUsername, resetUserPassword } from "#app/platform/users.server";
import { AuthMessages } from "#app/messages/auth";
import { CliError, optionalOption, requireOption, type CliCommand } from "../cli-types";

export const commands: Record<string, CliCommand> = {
  "db:migrate": {
    description: "Tạo thư mục dữ liệu, áp dụng migration (và dữ liệu mẫu khi CSDL trống, trừ khi SEED_DEMO=0)",
    usage: "db:migrate",
    run: async (_args, ctx) => {
      await ctx.system();
      return { ok: true, dataDir: ctx.dataDir };
    },
  },
  "db:seed": {
    description: "Như db:migrate: dữ liệu mẫu chỉ được nạp vào CSDL trống",
    usage: "db:seed",
    run: async (_args, ctx) => {
      await ctx.system();
      return { ok: true, dataDir: ctx.dataDir };
    },
  },
  "user:add": {
    description: "Thêm người dùng",
    usage: 'user:add --username U --name "Họ tên" --unit "Tên đơn vị"|ID --role clerk [--role ...] --password PW [--title "Chức vụ"]',
    run: async (args, ctx) => {
      const system = await ctx.system();
      const { db } = system;
      const unitArg = requireOption(args, "unit");
      const unit = db
        .select()
        .from(organizations)
        .where(/^\d+$/.test(unitArg) ? or(eq(organizations.id, Number(unitArg)), eq(organizations.name, unitArg)) : eq(organizations.name, unitArg))
        .get();
      if (!unit) throw new CliError(`Không tìm thấy đơn vị "${unitArg}"`);
      const roles = (args.all.role ?? []) as string[];
      const invalid = roles.filter((r) => !(ROLE_KEYS as readonly string[]).includes(r));
      if (roles.length === 0 || invalid.length) throw new CliError(`Vai trò không hợp lệ. Chọn trong: ${ROLE_KEYS.join(", ")}`);
      try {
        const user = await createUser(system, {
          username: requireOption(args, "username"),
          fullName: requireOption(args, "name"),
          title: optionalOption(args, "title") ?? null,
          unitId: unit.id,
          roles: roles as RoleKey[],
          password: requireOption(args, "password"),
        });
        return { id: user.id, username: user.username, unitId: user.unitId, organizationId: user.organizationId, roles };
      } catch (error) {
        const fieldErrors = (error as { fieldErrors?: Record<string, string> }).fieldErrors;
        if (fieldErrors) throw new CliError(Object.values(fieldErrors).join("; "));
        throw error;
      }
    },
  },
  "user:passwd": {
    description: "Đặt mật khẩu mới cho người dùng (kết thúc mọi phiên đăng nhập của họ)",
    usage: "user:passwd --username U --password PW",
    run: async (args, ctx) => {
      const system = await ctx.system();
      const username = requireOption(args, "username");
      const user = findUserByUsername(system.db, username);
      if (!user) throw new CliError(AuthMessages.USER_NOT_FOUND(username));
      await resetUserPassword(system, { userId: user.id, newPassword: requireOption(args, "password"), mustChange: false });
      return { ok: true, username: user.username };
    },
  },
  "audit:verify": {
    description: "Kiểm tra chuỗi băm của nhật ký (audit_events)",
    usage: "audit:verify",
    run: async (_args, ctx) => {
      const result = verifyAuditChain((await ctx.system()).db);
      if (!result.ok) throw new CliError(`Nhật ký bị sửa hoặc xóa tại bản ghi ${result.firstBrokenId}: ${result.reason}`);
      return result;
    },
  },
  "db:backup": {
    description: "Sao lưu trực tuyến CSDL (VACUUM INTO) trong khi máy chủ vẫn ghi",
    usage: "db:backup --out FILE",
    run: async (args, ctx) => {
      const out = resolve(requireOption(args, "out"));
      if (existsSync(out)) throw new CliError(`Tệp ${out} đã tồn tại; chọn tên khác`);
      const { db } = await ctx.system();
      const started = performance.now();
      // VACUUM INTO copies a consistent snapshot in one read transaction; the backup API restarts
      // on every concurrent write and never finished under load (reliability.md §2.2).
      db.$client.prepare("VACUUM INTO ?").run(out);
      const ms = Math.round(performance.now() - started);
      const check = new Database(out, { readonly: true });
      const integrity = check.pragma("integrity_check", { simple: true });
      check.close();
      if (integrity !== "ok") throw new CliError(`Bản sao lưu không toàn vẹn: ${String(integrity)}`);
      return { out, bytes: statSync(out).size, ms, integrity };
    },
  },
};
