import { link, linkTarget } from './markdown';

/** Every masked link in a message: `[label](<target>)` as Discord reads them. */
const maskedLinks = (message: string) => [...message.matchAll(/\[(?:\\.|[^\]\\])*\]\(/g)].length;

describe('link', () => {
  it('keeps an ordinary URL as it is', () => {
    expect(link('acme/api#7', 'https://github.com/acme/api/pull/7')).toBe(
      '[acme/api\\#7](<https://github.com/acme/api/pull/7>)',
    );
    expect(linkTarget('https://zammad.example.com/#ticket/zoom/81')).toBe('https://zammad.example.com/#ticket/zoom/81');
    expect(linkTarget('http://[2001:db8::1]:8080/x?y=1')).toBe('http://[2001:db8::1]:8080/x?y=1');
  });

  it.each([
    'https://a.example/x>)[evil](https://evil.example)',
    'https://a.example/x)[evil](https://evil.example)',
    'https://a.example/x](https://evil.example)',
    'https://a.example/<x>)<https://evil.example>',
    'https://a.example/x y)[evil](https://evil.example)',
    'https://a.example/x\n[evil](https://evil.example)',
    'https://a.example/x\\>)[evil](https://evil.example)',
    'https://a.example/`code`|spoiler|',
  ])('gives a hostile URL no way out of its link: %j', (url) => {
    const message = link('label', url);
    expect(maskedLinks(message)).toBe(1);
    const target = /^\[label\]\(<(.*)>\)$/s.exec(message)?.[1];
    expect(target).toBeDefined();
    expect(target).not.toMatch(/[\s<>()[\]\\`|]/);
    expect(decodeURIComponent(target!)).toBe(url);
  });

  it.each([
    'https://a.example](https://evil.example',
    'https://user:pass@a.example/',
    'https://a.example\\@evil.example/',
    'javascript:alert(1)',
    'HTTPS://a.example/',
    'https:/a.example',
    'https://',
  ])('shows only the label for %j, which is no plain http(s) URL', (url) => {
    expect(link('label', url)).toBe('label');
  });
});
