// Pages put soft hyphens (U+00AD) into long words (src/lib/text/hyphenate.ts). A reader sees
// "Jugendhilfe" whole, and so must a test that looks for a title in a page's HTML — above all one
// that makes sure a title a visitor may not read is absent, which could otherwise never fail.
// Only HTML: feeds, the API, CSV and mails must not carry soft hyphens at all, and are read as sent.
const responseText = Response.prototype.text;
Response.prototype.text = async function text(this: Response): Promise<string> {
  const body = await responseText.call(this);
  return (this.headers.get('content-type') ?? '').startsWith('text/html') ? body.replaceAll('\u00ad', '') : body;
};
