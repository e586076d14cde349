import { and, asc, eq, gte, lte } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { calendarDays, type CalendarDay } from "#db/schema/index";
import { createWorkingCalendar, type WorkingCalendar } from "#app/domain/shared/working-days";
import { VIETNAM_PUBLIC_CALENDAR } from "#app/domain/shared/calendar-seed";
import { isValidIsoDate } from "#app/domain/shared/dates";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { cachedByVersion } from "#app/platform/cache-versions.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { PlatformMessages } from "#app/messages/platform";

export function listCalendarDays(db: DbOrTx, year: number): CalendarDay[] {
  return db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date))
    .all();
}

/**
 * The working-day calendar (weekends plus the admin-edited exceptions) for deadline arithmetic. Most pages need
 * it; it is kept per process until the table changes (db/sql/022-calendar-cache-version.sql), so callers get a
 * shared object and must not change it.
 */
export function loadWorkingCalendar(db: DbOrTx): WorkingCalendar {
  return cachedByVersion(db, "calendar", "working", () =>
    createWorkingCalendar(db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays).all()),
  );
}

/** Seeds the public holidays and swaps for 2024–2027 where the table has no entry for that date. */
export function seedPublicCalendar(db: DbOrTx, now: Date): number {
  let inserted = 0;
  for (const day of VIETNAM_PUBLIC_CALENDAR) {
    const result = db.insert(calendarDays).values({ date: day.date, kind: day.kind, name: day.name, updatedAt: now }).onConflictDoNothing().run();
    inserted += result.changes;
  }
  return inserted;
}

export function setCalendarDay(ctx: ServiceContext, options: { date: string; kind: "holiday" | "working"; name: string }): void {
  if (!isValidIsoDate(options.date)) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.DATE_INVALID, { date: PlatformMessages.DATE_INVALID });
  if (!options.name.trim())
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CALENDAR_NAME_REQUIRED, { name: PlatformMessages.CALENDAR_NAME_REQUIRED });
  const day = new Date(`${options.date}T00:00:00Z`).getUTCDay();
  const isWeekend = day === 0 || day === 6;
  if (options.kind === "working" && !isWeekend) {
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.MAKEUP_DAY_NOT_WEEKEND, { date: PlatformMessages.MAKEUP_DAY_NOT_WEEKEND });
  }
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const before = tx.select().from(calendarDays).where(eq(calendarDays.date, options.date)).get();
    tx.insert(calendarDays)
      .values({ date: options.date, kind: options.kind, name: options.name.trim(), updatedBy: auditActorOf(ctx).actorId, updatedAt: now })
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: { kind: options.kind, name: options.name.trim(), updatedBy: auditActorOf(ctx).actorId, updatedAt: now },
      })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "calendar.set",
      entityType: "calendar_day",
      entityId: options.date,
      fromState: before?.kind ?? null,
      toState: options.kind,
      comment: options.name,
    });
  });
}

export function deleteCalendarDay(ctx: ServiceContext, date: string): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const before = tx.select().from(calendarDays).where(eq(calendarDays.date, date)).get();
    if (!before) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.CALENDAR_DAY_NOT_FOUND);
    tx.delete(calendarDays).where(eq(calendarDays.date, date)).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "calendar.delete",
      entityType: "calendar_day",
      entityId: date,
      fromState: before.kind,
      comment: before.name,
    });
  });
}
