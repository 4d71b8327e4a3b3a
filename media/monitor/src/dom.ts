// Building DOM in the monitor page: elements, attributes and text only. Nothing here (or
// anywhere in the page) parses a string as HTML.
import type { TextSegment } from '../../../src/monitor/logFormat';

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.appendChild(child);
  return node;
}

/** A codicon (the font icon set VS Code uses), hidden from screen readers. */
export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A toolbar button with an icon and an accessible name (shown as its tooltip too). */
export function iconButton(name: string, label: string, extraClass = ''): HTMLButtonElement {
  return el(
    'button',
    { className: `icon-button ${extraClass}`.trim(), attrs: { type: 'button', title: label, 'aria-label': label } },
    icon(name),
  );
}

/** Replaces the children of `parent` with the segments, as text nodes and marked spans. */
export function renderSegments(parent: HTMLElement, segments: TextSegment[]): void {
  parent.replaceChildren();
  for (const segment of segments) {
    parent.appendChild(segment.mark ? el('span', { className: 'mark', text: segment.text }) : document.createTextNode(segment.text));
  }
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time as HH:MM:SS.mmm (rows are rendered often; this avoids Intl per row). */
export function clockTime(timestamp: number): string {
  const d = new Date(timestamp);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
