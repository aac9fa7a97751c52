/** A person in the directory (councillor, officer, administrator). Stable across renames. */
export type PersonId = string;
/** A department (service area) that enquiries are routed to. */
export type DepartmentId = string;
/** An electoral division ("ward" in the council's everyday speech). */
export type WardId = string;
/** A case's internal, opaque id (uuid). Never shown to people; they use the reference. */
export type CaseId = string;
/** A case's human reference, e.g. MH-2026-00042: unique and never reused. */
export type CaseRef = string;
