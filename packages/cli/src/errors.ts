/** Every failure the CLI reports in words rather than a stack trace. */
export class CliError extends Error {
  override name = "CliError";
}

/** The command was called wrongly (missing or conflicting arguments): exit code 2. */
export class UsageError extends CliError {
  override name = "UsageError";
}

/** Neither a running local pipeline nor an AWS configuration to talk to. */
export class NoBackendError extends CliError {
  override name = "NoBackendError";
}
