/** One thing wrong with one field of one line of one file: enough for a person to fix it. */
export interface RowProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export const formatProblem = (p: RowProblem): string =>
  `${p.file}, line ${p.line}, field ${p.field}: ${p.message}`;

/** A typed outcome: expected failures are returned, not thrown. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
