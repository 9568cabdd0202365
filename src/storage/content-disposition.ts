const asciiName = (filename: string) => filename.replace(/[^\x20-\x7e]|["\\;]/g, '_').slice(0, 150) || 'download';

/**
 * `attachment` with an ASCII fallback name and the exact name in RFC 5987 form, so a name with
 * quotes, semicolons or line breaks can neither break the header nor change its meaning.
 */
export function contentDisposition(filename: string): string {
  return `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename.slice(0, 200))}`;
}

/**
 * The same for a presigned S3 link's `response-content-disposition`, ASCII only and without the
 * characters `'()*!`: S3 servers disagree on how those are encoded in the signed query (the s3rver
 * the tests run refuses them), and a refused signature would make the link useless.
 */
export function presignedContentDisposition(filename: string): string {
  return `attachment; filename="${asciiName(filename).replace(/['()*!]/g, '_')}"`;
}
