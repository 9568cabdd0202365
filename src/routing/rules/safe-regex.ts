import RE2 from 're2';

/**
 * `matches` runs admin-written patterns against attacker-controlled payloads, so it uses RE2
 * (linear time in the input, no catastrophic backtracking) rather than JavaScript's RegExp. The
 * price is RE2's syntax: no lookaround and no backreferences, which parsing reports. Inline flags
 * work, e.g. `(?i)release`.
 */
export function compileRegex(source: string): RE2 {
  return new RE2(source);
}

/** Why RE2 refuses the pattern, or undefined when it compiles. */
export function regexProblem(source: string): string | undefined {
  try {
    compileRegex(source);
    return undefined;
  } catch (error) {
    // Not `instanceof Error`: the addon builds its SyntaxError in the main realm, which differs under jest's vm.
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : String(error);
  }
}
