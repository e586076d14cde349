// Placeholder until the full 2024–2027 calendar lands (see the domain branch).
export const VIETNAM_PUBLIC_CALENDAR: Array<{ date: string; kind: "holiday" | "working"; name: string }> = [];
