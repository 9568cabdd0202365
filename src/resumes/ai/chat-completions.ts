export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatAnswer {
  content: string;
  finishReason: string;
}

export class ChatCompletionError extends Error {
  override readonly name = 'ChatCompletionError';
}

/**
 * One call to an OpenAI-compatible `/chat/completions` endpoint asking for a JSON object. Answers
 * are read up to 1 MB; errors say the status and the provider's message (never the key).
 */
export async function chatCompletion(options: {
  baseUrl: string;
  apiKey: string;
  model: string;
  messages: ChatMessage[];
  timeoutMs: number;
  maxTokens?: number;
  signal?: AbortSignal;
}): Promise<ChatAnswer> {
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
    : AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  try {
    res = await fetch(`${options.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: options.model,
        messages: options.messages,
        temperature: 0,
        max_tokens: options.maxTokens ?? 1500,
        response_format: { type: 'json_object' },
      }),
      signal,
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs / 1000} s`
        : (error as Error).message;
    throw new ChatCompletionError(`the model could not be reached: ${reason}`);
  }
  const text = (await res.text()).slice(0, 1024 * 1024);
  if (!res.ok) {
    let message = text.slice(0, 200);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: the excerpt is the message
    }
    throw new ChatCompletionError(`the model answered ${res.status}: ${message}`);
  }
  const body = JSON.parse(text) as { choices?: { message?: { content?: string | null }; finish_reason?: string }[] };
  const choice = body.choices?.[0];
  if (!choice) throw new ChatCompletionError('the model answered without a choice');
  return { content: choice.message?.content ?? '', finishReason: choice.finish_reason ?? 'stop' };
}
