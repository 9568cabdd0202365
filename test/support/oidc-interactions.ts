import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

/** What a fake provider's sign-in and consent pages say (tests read them). */
export interface InteractionPages {
  title: string;
  signIn: string;
  signInButton: string;
  consent(clientId: string, scope: string): string;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * oidc-provider's interactions as plain pages: GET /interaction/:uid shows the sign-in (user +
 * password) or the consent ("Allow"); POST …/login and …/confirm finish them. True when the request
 * was one of these (answered, a refusal as 400); false for any other path.
 */
export async function answerInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  passwordOf: (login: string) => string | undefined,
  pages: InteractionPages,
): Promise<boolean> {
  const interaction = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(pathname);
  if (!interaction) return false;
  try {
    if (req.method === 'GET') await show(provider, req, res, pages);
    else if (interaction[2] === 'login' && req.method === 'POST') await login(provider, req, res, passwordOf, pages);
    else if (interaction[2] === 'confirm' && req.method === 'POST') await confirm(provider, req, res);
    else return false;
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
  }
  return true;
}

async function show(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pages: InteractionPages,
  error?: string,
): Promise<void> {
  const { uid, prompt, params } = await provider.interactionDetails(req, res);
  const body =
    prompt.name === 'login'
      ? `<h1>${pages.signIn}</h1>${error ? `<p class="error">${escape(error)}</p>` : ''}
           <form method="post" action="/interaction/${uid}/login">
             <input name="login"><input name="password" type="password"><button>${pages.signInButton}</button></form>`
      : `<h1>${pages.consent(escape(String(params.client_id)), escape(String(params.scope)))}</h1>
           <form method="post" action="/interaction/${uid}/confirm"><button>Allow</button></form>`;
  res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${pages.title}</title>${body}`);
}

async function login(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  passwordOf: (login: string) => string | undefined,
  pages: InteractionPages,
): Promise<void> {
  const form = await readForm(req);
  const account = form.get('login') ?? '';
  if (passwordOf(account) !== form.get('password')) return show(provider, req, res, pages, 'Wrong user or password');
  await provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
}

async function confirm(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ accountId: session!.accountId!, clientId: String(params.client_id) });
  const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
}
