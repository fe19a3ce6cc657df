/**
 * What is wrong with the images of a rendered (sanitised) Markdown text: images from another
 * website (render.ts shows an explanation instead) and images without alt text. The editor
 * refuses to save either and names them in the preview.
 */
export interface ImageProblems {
  remote: number;
  missingAlt: number;
}

export function findImageProblems(html: string): ImageProblems {
  let remote = (html.match(/<span class="remote-image">/g) ?? []).length;
  let missingAlt = 0;
  for (const tag of html.match(/<img\b[^>]*>/g) ?? []) {
    // render.ts leaves an image from elsewhere (raw HTML) without src.
    if (!/\ssrc="/.test(tag)) remote++;
    else if (!/\salt="[^"]*\S[^"]*"/.test(tag)) missingAlt++;
  }
  return { remote, missingAlt };
}

/** German messages for a field, e.g. "Text: Ein Bild hat keinen Alternativtext …". */
export function imageProblemMessages(problems: ImageProblems): string[] {
  const messages: string[] = [];
  if (problems.remote > 0) {
    messages.push(
      `${problems.remote === 1 ? 'Ein Bild stammt' : `${problems.remote} Bilder stammen`} von einer anderen Website. Das Wissensnetz lädt keine Inhalte von anderen Websites; laden Sie das Bild unter „Dateien“ hoch und fügen Sie es von dort ein.`,
    );
  }
  if (problems.missingAlt > 0) {
    messages.push(
      `${problems.missingAlt === 1 ? 'Ein Bild hat' : `${problems.missingAlt} Bilder haben`} keinen Alternativtext. Beschreiben Sie jedes Bild in den eckigen Klammern: ![Was auf dem Bild zu sehen ist](/…).`,
    );
  }
  return messages;
}
