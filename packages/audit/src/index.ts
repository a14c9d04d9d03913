export { type Cell, type Column, csvChunk, formatCell } from "./csv";
export { AuditError, DecisionNotFoundError, NoStatementError } from "./errors";
export { type AuditStaffRecord, decisionColumns, staffColumns } from "./exports";
export { type Locale, romeDateTime, romeMonthRange } from "./format";
export * from "./labels";
export { type MonthData, type MonthlyFigures, monthlyFigures } from "./report/figures";
export { type MonthSources, readMonth } from "./report/month";
export { renderMonthlyReport } from "./report/render";
export {
  itemStatement,
  type RiesameFacts,
  type StatementOfReasons,
  statementHtml,
  statementOfReasons,
  statementText,
} from "./statement";
export {
  type ErasureCounts,
  type ErasureRecord,
  type ErasureRequest,
  erasureSummary,
  InMemorySubjectRequests,
  type SubjectData,
  type SubjectEntry,
  type SubjectRequests,
  subjectColumns,
  subjectEntries,
  subjectSummary,
} from "./subject";
