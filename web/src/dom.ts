// Small DOM helpers. Text from the record is always set as text, never parsed as HTML.

export function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

/** Creates an element with text content. */
export function el(tag: string, text?: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

export function option(value: string, label: string): HTMLOptionElement {
  const o = el("option", label) as HTMLOptionElement;
  o.value = value;
  return o;
}

export function pairs(values: Record<string, string> | undefined): string {
  return Object.entries(values ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
