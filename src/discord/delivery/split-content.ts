import { LIMITS } from './discord-message';

const FENCE = /^\s*```/;
const CLOSE = '\n```';

/**
 * Splits text into messages of at most `limit` characters, on line boundaries where it can (a
 * line longer than a message is cut). A code block cut by a split is closed at the end of one
 * part and reopened, with its language, at the start of the next, so each part renders alone.
 */
export function splitContent(text: string, limit: number = LIMITS.content): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let lines: string[] = [];
  let length = 0;
  let fence: string | null = null; // the opening line of the code block we are inside

  const emit = () => {
    parts.push(lines.join('\n') + (fence === null ? '' : CLOSE));
    lines = fence === null ? [] : [fence];
    length = fence === null ? 0 : fence.length;
  };
  const onlyReopenedFence = () => lines.length === (fence === null ? 0 : 1);

  for (const line of cutLongLines(text.split('\n'), limit - 40)) {
    const fenceAfter: string | null = FENCE.test(line) ? (fence === null ? line.trim() : null) : fence;
    const added = (lines.length > 0 ? 1 : 0) + line.length;
    if (length + added + (fenceAfter === null ? 0 : CLOSE.length) > limit && !onlyReopenedFence()) emit();
    length += (lines.length > 0 ? 1 : 0) + line.length;
    lines.push(line);
    fence = fenceAfter;
  }
  if (!onlyReopenedFence()) parts.push(lines.join('\n') + (fence === null ? '' : CLOSE));
  return parts;
}

function cutLongLines(lines: string[], max: number): string[] {
  return lines.flatMap((line) => {
    if (line.length <= max) return [line];
    const pieces: string[] = [];
    for (let i = 0; i < line.length; i += max) pieces.push(line.slice(i, i + max));
    return pieces;
  });
}
