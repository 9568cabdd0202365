export interface StoredCookie {
  host: string;
  path: string;
  name: string;
  value: string;
  expires?: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
  /** The Set-Cookie line as received, to check its flags. */
  raw: string;
}

/**
 * Just enough of a browser for sign-in flows: a cookie jar (host-only cookies, paths, expiry,
 * removal) and redirects taken one step at a time, so a test sees every hop.
 */
export class Browser {
  private cookies: StoredCookie[] = [];
  accept = 'text/html,application/xhtml+xml';

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set('cookie', cookie);
    if (!headers.has('accept')) headers.set('accept', this.accept);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(target, line);
    return response;
  }

  /** Sends a form the way a browser does. */
  post(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows redirects until the next one would leave for a URL `stop` accepts (not fetched), or none is left. */
  async follow(response: Response, from: string | URL, stop: (next: URL) => boolean = () => false) {
    let current = new URL(from);
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, current);
      if (stop(next)) return { response, url: current, next };
      await response.arrayBuffer();
      response = await this.fetch(next);
      current = next;
    }
    return { response, url: current, next: undefined };
  }

  /** Forgets every cookie of a host: signed out there, as a private window would be. */
  forget(url: string | URL): void {
    const host = new URL(url).host;
    this.cookies = this.cookies.filter((c) => c.host !== host);
  }

  cookie(name: string, url?: string | URL): StoredCookie | undefined {
    const host = url ? new URL(url).host : undefined;
    return this.live().find((c) => c.name === name && (host === undefined || c.host === host));
  }

  private live(): StoredCookie[] {
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > Date.now());
    return this.cookies;
  }

  private cookieHeader(url: URL): string {
    return this.live()
      .filter(
        (c) =>
          c.host === url.host &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair!.indexOf('=');
    const cookie: StoredCookie = {
      host: url.host,
      path: '/',
      name: pair!.slice(0, at),
      value: pair!.slice(at + 1),
      httpOnly: false,
      secure: false,
      raw: line,
    };
    for (const attribute of attributes) {
      const [key, value = ''] = attribute.split('=');
      switch (key!.toLowerCase()) {
        case 'path':
          cookie.path = value;
          break;
        case 'max-age':
          cookie.expires = Date.now() + Number(value) * 1000;
          break;
        case 'expires':
          cookie.expires ??= Date.parse(value);
          break;
        case 'httponly':
          cookie.httpOnly = true;
          break;
        case 'secure':
          cookie.secure = true;
          break;
        case 'samesite':
          cookie.sameSite = value.toLowerCase();
          break;
      }
    }
    this.cookies = this.cookies.filter(
      (c) => !(c.host === cookie.host && c.path === cookie.path && c.name === cookie.name),
    );
    this.cookies.push(cookie);
  }
}
