// A "Kopieren" button next to each Markdown snippet (e.g. an image to put into the text). The
// snippet stays a selectable text field, so it works without script and clipboard permission.
for (const field of document.querySelectorAll<HTMLInputElement>('input[data-copy]')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary small';
  button.textContent = 'Kopieren';
  button.setAttribute('aria-describedby', field.id);
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.className = 'meta';
  button.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = 'Kopiert. Fügen Sie die Zeile im Text ein.';
    } catch {
      status.textContent = 'Bitte kopieren Sie die markierte Zeile mit Strg+C.';
    }
  });
  field.after(button, status);
}
