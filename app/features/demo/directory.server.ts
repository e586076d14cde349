import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { organizations, type Organization, type OrganizationKind } from "#db/schema/index";
import type { RoleKey } from "#db/reference-data";

// Demo directory: UBND tỉnh Cà Mau with its office and departments (names as in seeds 001–003), and
// every commune and ward named in seeds 000 and 004 (after the 2025 merger into 2-level local
// government). Identifiers follow the 000.00.00.H12 shape of Decision 20/2020/QĐ-TTg; the numbers
// below are illustrative, not the official codes.

export const PROVINCE_NAME = "Ủy ban nhân dân tỉnh Cà Mau";

const PROVINCE_OFFICE_UNITS: Array<[string, string]> = [
  ["Phòng Kinh tế", "KT"],
  ["Phòng Nội chính", "NC"],
  ["Phòng Văn hóa - Xã hội", "VX"],
  ["Phòng Hành chính - Tổ chức", "HCTC"],
  ["Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC"],
];

/** Seed 001 names it as a lead unit ("Trung tâm Giải quyết TTHC tỉnh"); it sits under the Văn phòng UBND tỉnh. */
const EXTRA_PROVINCE_OFFICE_UNITS: Array<[string, string]> = [["Trung tâm Giải quyết thủ tục hành chính tỉnh", "TTGQTTHC"]];

export const DEMO_DEPARTMENTS: Array<{ name: string; abbreviation: string; units: string[] }> = [
  { name: "Sở Nội vụ", abbreviation: "SNV", units: ["Văn phòng Sở Nội vụ", "Phòng Cải cách hành chính", "Phòng Tổ chức, biên chế"] },
  { name: "Sở Tư pháp", abbreviation: "STP", units: ["Văn phòng Sở Tư pháp", "Phòng Kiểm soát thủ tục hành chính"] },
  { name: "Sở Tài chính", abbreviation: "STC", units: ["Văn phòng Sở Tài chính"] },
  { name: "Sở Khoa học và Công nghệ", abbreviation: "SKHCN", units: ["Văn phòng Sở Khoa học và Công nghệ"] },
  { name: "Sở Xây dựng", abbreviation: "SXD", units: ["Văn phòng Sở Xây dựng"] },
  { name: "Sở Y tế", abbreviation: "SYT", units: ["Văn phòng Sở Y tế"] },
  { name: "Sở Giáo dục và Đào tạo", abbreviation: "SGDĐT", units: ["Văn phòng Sở Giáo dục và Đào tạo"] },
  { name: "Sở Thông tin và Truyền thông", abbreviation: "STTTT", units: [] },
  { name: "Sở Kế hoạch và Đầu tư", abbreviation: "SKHĐT", units: [] },
  { name: "Sở Nông nghiệp và Phát triển nông thôn", abbreviation: "SNNPTNT", units: [] },
  { name: "Sở Lao động - Thương binh và Xã hội", abbreviation: "SLĐTBXH", units: [] },
  { name: "Sở Tài nguyên và Môi trường", abbreviation: "STNMT", units: [] },
  { name: "Sở Giao thông vận tải", abbreviation: "SGTVT", units: [] },
  { name: "Sở Công Thương", abbreviation: "SCT", units: [] },
  { name: "Sở Văn hóa, Thể thao và Du lịch", abbreviation: "SVHTTDL", units: [] },
  { name: "Sở Ngoại vụ", abbreviation: "SNgV", units: [] },
  { name: "Ban Dân tộc tỉnh", abbreviation: "BDT", units: [] },
  { name: "Thanh tra tỉnh", abbreviation: "TTr", units: [] },
  { name: "Công an tỉnh", abbreviation: "CAT", units: [] },
  { name: "Ban Quản lý Khu kinh tế tỉnh", abbreviation: "BQLKKT", units: [] },
  { name: "Đài Phát thanh và Truyền hình Cà Mau", abbreviation: "ĐPTTH", units: [] },
];

/** Communes and wards named in seeds 000 and 004 (Tân Thành first: the demo commune). */
export const DEMO_COMMUNES: Array<{ kind: "phường" | "xã"; name: string }> = [
  ["phường", "Tân Thành"],
  ["phường", "An Xuyên"],
  ["phường", "Lý Văn Lâm"],
  ["phường", "Hòa Thành"],
  ["phường", "Vĩnh Trạch"],
  ["phường", "Hiệp Thành"],
  ["phường", "Láng Tròn"],
  ["phường", "Bạc Liêu"],
  ["phường", "Giá Rai"],
  ["xã", "Cái Nước"],
  ["xã", "Đầm Dơi"],
  ["xã", "Trần Văn Thời"],
  ["xã", "Phan Ngọc Hiển"],
  ["xã", "Nguyễn Phích"],
  ["xã", "Cái Đôi Vàm"],
  ["xã", "Thới Bình"],
  ["xã", "Hòa Bình"],
  ["xã", "Phước Long"],
  ["xã", "Hồng Dân"],
  ["xã", "Long Điền"],
  ["xã", "Năm Căn"],
  ["xã", "Vĩnh Lợi"],
  ["xã", "Tân Thuận"],
  ["xã", "Sông Đốc"],
  ["xã", "Lương Thế Trân"],
  ["xã", "Đất Mũi"],
  ["xã", "Tân Ân"],
  ["xã", "Đá Bạc"],
  ["xã", "Trí Phải"],
  ["xã", "Tân Lộc"],
  ["xã", "Nguyễn Việt Khái"],
  ["xã", "Phú Tân"],
  ["xã", "Phú Mỹ"],
  ["xã", "Ninh Quới"],
  ["xã", "Phong Hiệp"],
  ["xã", "Vĩnh Thanh"],
  ["xã", "Ninh Thạnh Lợi"],
  ["xã", "Khánh Lâm"],
  ["xã", "U Minh"],
].map(([kind, name]) => ({ kind: kind as "phường" | "xã", name }));

const COMMUNE_UNITS: Array<[string, string]> = [
  ["Văn phòng HĐND-UBND", "VP"],
  ["Phòng Kinh tế", "KT"],
  ["Phòng Văn hóa - Xã hội", "VHXH"],
  ["Trung tâm Phục vụ hành chính công", "TTPVHCC"],
];

export type DemoAccount = {
  username: string;
  fullName: string;
  title: string;
  unit: string; // path: "Organisation > Unit"
  roles: RoleKey[];
  description: string;
};

/** DESIGN.md §8 demo accounts (password "demo"). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "vanthu", fullName: "Nguyễn Thị Hồng Nhung", title: "Văn thư", unit: "Văn phòng UBND tỉnh", roles: ["clerk"], description: "Văn thư UBND tỉnh" },
  {
    username: "chanhvanphong",
    fullName: "Trần Quốc Hùng",
    title: "Chánh Văn phòng UBND tỉnh",
    unit: "Văn phòng UBND tỉnh",
    roles: ["office_lead"],
    description: "Lãnh đạo Văn phòng UBND tỉnh",
  },
  { username: "chutich", fullName: "Nguyễn Văn An", title: "Chủ tịch UBND tỉnh", unit: PROVINCE_NAME, roles: ["leader"], description: "Chủ tịch UBND tỉnh" },
  {
    username: "truongphong",
    fullName: "Lê Minh Tuấn",
    title: "Trưởng phòng Kinh tế",
    unit: "Văn phòng UBND tỉnh > Phòng Kinh tế",
    roles: ["dept_lead"],
    description: "Trưởng phòng Kinh tế, Văn phòng UBND tỉnh",
  },
  {
    username: "chuyenvien",
    fullName: "Võ Thị Thu Trang",
    title: "Chuyên viên",
    unit: "Văn phòng UBND tỉnh > Phòng Kinh tế",
    roles: ["specialist"],
    description: "Chuyên viên Phòng Kinh tế, Văn phòng UBND tỉnh",
  },
  {
    username: "sonoivu",
    fullName: "Huỳnh Quốc Việt",
    title: "Trưởng phòng Cải cách hành chính",
    unit: "Sở Nội vụ > Phòng Cải cách hành chính",
    roles: ["plan_manager"],
    description: "Theo dõi kế hoạch CCHC, Sở Nội vụ",
  },
  {
    username: "sotuphap",
    fullName: "Đặng Thị Mỹ Linh",
    title: "Chuyên viên",
    unit: "Sở Tư pháp > Phòng Kiểm soát thủ tục hành chính",
    roles: ["specialist"],
    description: "Chuyên viên Sở Tư pháp",
  },
  {
    username: "admin",
    fullName: "Quản trị hệ thống",
    title: "Quản trị viên",
    unit: "Văn phòng UBND tỉnh > Phòng Hành chính - Tổ chức",
    roles: ["admin"],
    description: "Quản trị hệ thống",
  },
  {
    username: "vanthu.tanthanh",
    fullName: "Trần Thị Bích Ngọc",
    title: "Văn thư",
    unit: "Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND",
    roles: ["clerk"],
    description: "Văn thư UBND phường Tân Thành",
  },
  {
    username: "chanhvanphong.tanthanh",
    fullName: "Nguyễn Hoàng Phúc",
    title: "Chánh Văn phòng HĐND-UBND phường",
    unit: "Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND",
    roles: ["office_lead"],
    description: "Lãnh đạo Văn phòng HĐND-UBND phường Tân Thành",
  },
  {
    username: "chutich.tanthanh",
    fullName: "Lý Thanh Sơn",
    title: "Chủ tịch UBND phường",
    unit: "Ủy ban nhân dân phường Tân Thành",
    roles: ["leader"],
    description: "Chủ tịch UBND phường Tân Thành",
  },
  {
    username: "chuyenvien.tanthanh",
    fullName: "Phan Thị Kim Yến",
    title: "Chuyên viên",
    unit: "Ủy ban nhân dân phường Tân Thành > Phòng Kinh tế",
    roles: ["specialist"],
    description: "Chuyên viên Phòng Kinh tế, UBND phường Tân Thành",
  },
];

export const DEMO_PASSWORD = "demo";

type NewOrg = {
  parentId: number | null;
  name: string;
  kind: OrganizationKind;
  abbreviation: string;
  placeName?: string | null;
  identifier?: string | null;
  parentHeading?: string | null;
};

function insertOrg(tx: DbOrTx, org: NewOrg, now: Date): Organization {
  return tx
    .insert(organizations)
    .values({
      ...org,
      placeName: org.placeName ?? null,
      identifier: org.identifier ?? null,
      parentHeading: org.parentHeading ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

/** Inserts the demo directory; returns a lookup from "Org > Unit" paths (and names) to ids. */
export function insertDemoDirectory(tx: DbOrTx, now: Date): Map<string, number> {
  const byPath = new Map<string, number>();
  const province = insertOrg(
    tx,
    { parentId: null, name: PROVINCE_NAME, kind: "province", abbreviation: "UBND", placeName: "Cà Mau", identifier: "000.00.00.H12" },
    now,
  );
  byPath.set(PROVINCE_NAME, province.id);
  const office = insertOrg(tx, { parentId: province.id, name: "Văn phòng UBND tỉnh", kind: "unit", abbreviation: "VP" }, now);
  byPath.set("Văn phòng UBND tỉnh", office.id);
  for (const [name, abbreviation] of PROVINCE_OFFICE_UNITS) {
    const unit = insertOrg(tx, { parentId: office.id, name, kind: "unit", abbreviation }, now);
    byPath.set(`Văn phòng UBND tỉnh > ${name}`, unit.id);
  }
  DEMO_DEPARTMENTS.forEach((dept, i) => {
    const org = insertOrg(
      tx,
      {
        parentId: province.id,
        name: dept.name,
        kind: "department",
        abbreviation: dept.abbreviation,
        placeName: "Cà Mau",
        identifier: `000.00.${String(i + 1).padStart(2, "0")}.H12`,
        parentHeading: "UBND TỈNH CÀ MAU",
      },
      now,
    );
    byPath.set(dept.name, org.id);
    for (const unitName of dept.units) {
      const unit = insertOrg(tx, { parentId: org.id, name: unitName, kind: "unit", abbreviation: unitName.startsWith("Văn phòng") ? "VP" : "P" }, now);
      byPath.set(`${dept.name} > ${unitName}`, unit.id);
    }
  });
  DEMO_COMMUNES.forEach((commune, i) => {
    const name = `Ủy ban nhân dân ${commune.kind} ${commune.name}`;
    const org = insertOrg(
      tx,
      {
        parentId: province.id,
        name,
        kind: "commune",
        abbreviation: "UBND",
        placeName: commune.name,
        identifier: `000.${String(Math.floor(i / 99) + 1).padStart(2, "0")}.${String((i % 99) + 1).padStart(2, "0")}.H12`,
      },
      now,
    );
    byPath.set(name, org.id);
    for (const [unitName, abbreviation] of COMMUNE_UNITS) {
      const unit = insertOrg(tx, { parentId: org.id, name: unitName, kind: "unit", abbreviation }, now);
      byPath.set(`${name} > ${unitName}`, unit.id);
    }
  });
  // Units added for the reform-plan demo (seed 001 names them); appended last so earlier ids stay stable.
  for (const [name, abbreviation] of EXTRA_PROVINCE_OFFICE_UNITS) {
    const unit = insertOrg(tx, { parentId: office.id, name, kind: "unit", abbreviation }, now);
    byPath.set(`Văn phòng UBND tỉnh > ${name}`, unit.id);
  }
  return byPath;
}

export function findOrganizationByName(tx: DbOrTx, name: string): Organization | undefined {
  return tx.select().from(organizations).where(eq(organizations.name, name)).get();
}
