import { BadRequestException } from '@nestjs/common';

export interface FormProblems {
  messages: string[];
  /** Where in the text the parser stopped (rule syntax errors), 1-based, in characters. */
  column?: number;
}

/** The reasons of a 400 (one message, a list, or a syntax error with its column), to show by the form. */
export function formProblems(error: BadRequestException): FormProblems {
  const body = error.getResponse();
  if (typeof body === 'string') return { messages: [body] };
  const { message, column } = body as { message?: unknown; column?: unknown };
  const messages = Array.isArray(message)
    ? message.map(String)
    : [typeof message === 'string' ? message : error.message];
  return typeof column === 'number' ? { messages, column } : { messages };
}

/** Runs a form's action; a 400 becomes its problems, for the form to be shown again with them. */
export async function tryForm<T>(action: () => Promise<T>): Promise<{ ok: T } | { problems: FormProblems }> {
  try {
    return { ok: await action() };
  } catch (error) {
    if (error instanceof BadRequestException) return { problems: formProblems(error) };
    throw error;
  }
}
