/** The audit package's errors: the CLI prints their message and exits 1 (2 for a bad request). */
export class AuditError extends Error {
  override name = "AuditError";
}

/** A statement of reasons was asked for a decision that neither hid nor removed anything. */
export class NoStatementError extends AuditError {
  override name = "NoStatementError";
}

/** No decision with that key in the table. */
export class DecisionNotFoundError extends AuditError {
  override name = "DecisionNotFoundError";
}
