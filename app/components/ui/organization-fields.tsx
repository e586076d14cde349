import { z } from "zod";
import { Field, fieldError, submittedValue } from "#app/components/ui/form";

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : null));

export const OrganizationSchema = z.object({
  version: z.coerce.number().int().optional(),
  parentId: z
    .union([z.literal("").transform(() => null), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => v ?? null),
  name: z.string().trim().min(2, "Nhập tên cơ quan, đơn vị").max(200),
  kind: z.enum(["province", "department", "commune", "unit"], { errorMap: () => ({ message: "Chọn loại" }) }),
  abbreviation: z.string().trim().min(1, "Nhập chữ viết tắt dùng trong ký hiệu văn bản").max(20),
  placeName: optionalText,
  identifier: optionalText,
  parentHeading: optionalText,
});

/** `<option>`s of an organisation tree, indented by depth (non-breaking spaces: browsers collapse others). */
export function TreeOptions({ tree }: { tree: Array<{ id: number; name: string; depth: number }> }) {
  return (
    <>
      {tree.map((o) => (
        <option key={o.id} value={o.id}>
          {"\u00a0\u00a0".repeat(o.depth)}
          {o.name}
        </option>
      ))}
    </>
  );
}

export function OrganizationFields({
  data,
  defaults,
  tree,
  kinds,
}: {
  data: unknown;
  defaults?: Record<string, string>;
  tree: Array<{ id: number; name: string; depth: number }>;
  kinds: Record<string, string>;
}) {
  const value = (name: string) => submittedValue(data, name, defaults?.[name] ?? "");
  return (
    <div className="form-grid">
      <Field id="name" label="Tên cơ quan, đơn vị" error={fieldError(data, "name")}>
        {(p) => <input {...p} name="name" type="text" defaultValue={value("name")} />}
      </Field>
      <Field id="kind" label="Loại" error={fieldError(data, "kind")}>
        {(p) => (
          <select {...p} name="kind" defaultValue={value("kind") || "unit"}>
            {Object.entries(kinds).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="parentId" label="Trực thuộc" error={fieldError(data, "parentId")}>
        {(p) => (
          <select {...p} name="parentId" defaultValue={value("parentId")}>
            <option value="">— Không (cấp cao nhất) —</option>
            <TreeOptions tree={tree} />
          </select>
        )}
      </Field>
      <Field id="abbreviation" label="Chữ viết tắt (ký hiệu văn bản)" hint="Ví dụ: UBND, SNV, VP" error={fieldError(data, "abbreviation")}>
        {(p) => <input {...p} name="abbreviation" type="text" defaultValue={value("abbreviation")} />}
      </Field>
      <Field id="placeName" label="Địa danh (dòng ngày tháng)" hint="Ví dụ: Cà Mau, Tân Thành" error={fieldError(data, "placeName")}>
        {(p) => <input {...p} name="placeName" type="text" defaultValue={value("placeName")} />}
      </Field>
      <Field id="identifier" label="Mã định danh điện tử" hint="Dạng 000.00.00.H12" error={fieldError(data, "identifier")}>
        {(p) => <input {...p} name="identifier" type="text" defaultValue={value("identifier")} />}
      </Field>
      <Field id="parentHeading" label="Tên cơ quan chủ quản (dòng trên)" hint="Ví dụ: UBND TỈNH CÀ MAU" error={fieldError(data, "parentHeading")}>
        {(p) => <input {...p} name="parentHeading" type="text" defaultValue={value("parentHeading")} />}
      </Field>
    </div>
  );
}
