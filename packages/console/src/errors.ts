/** Base class of the console's errors; the app turns each subclass into its HTTP answer. */
export class ConsoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The signed-in person lacks the role for this entity or action (403). */
export class ForbiddenError extends ConsoleError {}

/** No such item or author in the entities this person can see (404). */
export class NotFoundError extends ConsoleError {}

/** The request cannot be carried out as asked: a missing text, an action that does not apply (400). */
export class InvalidActionError extends ConsoleError {}
