// The administrator registers a signing key held on a PKCS#11 token or HSM reachable from the server (issue 13):
// the organisation's seal (Decree 30 Art. 33, in the clerk's custody) or a leader's key. Same service as the admin
// web form (registerServerToken): the certificate is read from the token (same CKA_ID as the key), the PIN is read
// from the environment variable named by --pin-env and the key makes a test signature, verified against that
// certificate, before anything is saved. The PIN is never an argument (it would show in `ps`), never stored, never
// printed.
import { eq } from "drizzle-orm";
import { organizations, users } from "#db/schema/index";
import { registerServerToken } from "#app/platform/signing/pkcs11-signer.server";
import { AppError } from "#app/utils/errors";
import { CliError, optionalOption, requireOption, type CliCommand } from "../cli-types";

const registerToken: CliCommand = {
  description:
    "Đăng ký khóa ký số trên thiết bị PKCS#11/HSM của máy chủ cho con dấu cơ quan (--seal MÃ_ĐỊNH_DANH) hoặc một người dùng (--for TÊN_ĐĂNG_NHẬP); ký thử bằng mã PIN trong biến môi trường --pin-env trước khi lưu",
  usage: "signing:register-token --module PATH --token-label L (--key-label K | --key-id HEX) (--for USERNAME | --seal ORGAN_ID) --pin-env VAR",
  run: async (args, ctx) => {
    const modulePath = requireOption(args, "module");
    const tokenLabel = requireOption(args, "token-label");
    const keyLabel = optionalOption(args, "key-label");
    const keyId = optionalOption(args, "key-id");
    if (!keyLabel && !keyId) throw new CliError("Thiếu tham số --key-label (hoặc --key-id)");
    const forUser = optionalOption(args, "for");
    const seal = optionalOption(args, "seal");
    if (Boolean(forUser) === Boolean(seal)) throw new CliError("Chọn đúng một trong hai: --for TÊN_ĐĂNG_NHẬP hoặc --seal MÃ_ĐỊNH_DANH_CƠ_QUAN");
    const pinEnv = optionalOption(args, "pin-env");
    if (!pinEnv) throw new CliError("Thiếu tham số --pin-env TÊN_BIẾN: mã PIN (đặt trong biến môi trường đó) dùng để ký thử trước khi lưu");
    const system = await ctx.system();
    let owner: { userId: number } | { organizationId: number };
    if (forUser) {
      const user = system.db.select({ id: users.id }).from(users).where(eq(users.username, forUser)).get();
      if (!user) throw new CliError(`Không tìm thấy người dùng ${forUser}`);
      owner = { userId: user.id };
    } else {
      const org = system.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.identifier, seal!)).get();
      if (!org) throw new CliError(`Không tìm thấy cơ quan có mã định danh ${seal}`);
      owner = { organizationId: org.id };
    }
    try {
      const device = await registerServerToken(system, { ...owner, modulePath, tokenLabel, keyLabel, keyId, pin: { source: "env", variable: pinEnv } });
      return {
        registered: forUser ? { user: forUser } : { seal },
        kind: device.kind,
        tokenLabel: device.tokenLabel,
        keyLabel: device.keyLabel,
        subject: device.subjectName,
        notAfter: device.notAfter.toISOString(),
        certificateSha256: device.certificateSha256,
        pinChecked: true,
      };
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    }
  },
};

export const commands: Record<string, CliCommand> = { "signing:register-token": registerToken };
