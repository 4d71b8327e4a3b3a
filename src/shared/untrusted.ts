// The one rule for text the extension does not control (application logs, HTTP bodies, Docker
// output, AWS messages and names, file content): before it reaches a renderer that interprets
// it, it goes through the function for that renderer. Pure, no `vscode` import.
//
// Every function marks invisible characters visibly (`\u202e`), so a fragment cannot hide or
// reorder text, and each one then breaks the syntax its renderer interprets:
// - notifications turn `[label](command:…|https://…|file:…)` into links: square brackets become
//   single angle quotation marks ‹ ›, so no link syntax of any spelling survives;
// - Markdown: every ASCII punctuation character is backslash-escaped (links, images, autolinks,
//   HTML, emphasis, headings, code spans and GFM bare URLs all need punctuation);
// - quick pick label/description/detail render `$(icon)`: it is escaped as `\$(`;
// - HTML (webviews rendered by the host): the five characters that start markup or end an attribute
//   become character references;
// - terminals and CI logs: no control character, line break or escape sequence passes.

/**
 * Characters that are invisible or change how text around them is shown: C0/C1 controls and DEL,
 * Unicode format characters (Cf: bidi controls, zero-width, soft hyphen, tag characters
 * U+E0001–E007F…), line/paragraph separators, Hangul fillers, and the variation selectors.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u3164\uFFA0]|\u115F|\u1160|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;
const ELLIPSIS = '…';

/**
 * Upper bounds (in characters) per renderer; the full text belongs in the output channel.
 * `notification` bounds one untrusted fragment, `notificationMessage` a whole message (VS Code cuts at 1,000).
 */
export const LIMITS = { notification: 300, notificationMessage: 1000, quickPick: 200, markdown: 2000, terminal: 4000 } as const;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\n`, `\x1b`, `\u202e`, `\u{e0041}`: what the hidden character was, in a form that cannot act. */
export function escapeCodePoint(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (NAMED[ch]) {
    return NAMED[ch];
  }
  if (cp < 0x100) {
    return `\\x${cp.toString(16).padStart(2, '0')}`;
  }
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** Marks every invisible or control character (line breaks included) visibly. */
export function markInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeCodePoint);
}

/** At most `max` code points (surrogate pairs stay whole), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** One line: line breaks and tabs become a space; other invisible characters are marked. */
function singleLine(text: string): string {
  return markInvisible(text.replace(LINE_BREAK, ' ').replace(/\t/g, ' '));
}

/**
 * An untrusted fragment for a notification message (showInformation/Warning/ErrorMessage), which
 * turns `[label](target)` into a clickable link. Square brackets become ‹ › (which every font has, unlike
 * the full-width ［ ］), so no link of any spelling (spaces, angle brackets, encoded parentheses, nested
 * brackets, reference-style) is left.
 */
export function forNotification(text: string, max: number = LIMITS.notification): string {
  return truncate(singleLine(String(text)).replace(/\[/g, '‹').replace(/\]/g, '›'), max);
}

/**
 * Text for a renderer that shows characters as they are (tree labels, descriptions and string
 * tooltips): one line, hidden characters marked, bounded.
 */
export function forPlainText(text: string, max: number = LIMITS.markdown): string {
  return truncate(singleLine(String(text)), max);
}

/**
 * Text for a Markdown renderer (MarkdownString, hovers): every ASCII punctuation character escaped,
 * leading blanks dropped (four of them would start a code block).
 */
export function forMarkdown(text: string, max: number = LIMITS.markdown): string {
  return truncate(singleLine(String(text)).trimStart(), max).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** Text for HTML element content or a quoted attribute value: markup characters become character references. */
export function forHtml(text: string, max: number = LIMITS.markdown): string {
  return truncate(singleLine(String(text)), max).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text for a quick pick label, description or detail: one line, no `$(icon)` rendering. */
export function forQuickPick(text: string, max: number = LIMITS.quickPick): string {
  return truncate(singleLine(String(text)), max).replace(/\$\(/g, '\\$(');
}

/** One shell word for a command typed into a terminal: POSIX single quotes unless it is plainly safe. */
export function shellArgument(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Text for a terminal or a line-oriented log another program parses (CI annotations): control
 * characters, line breaks and escape sequences are spelled out, so nothing can retitle or clear the
 * terminal or forge a line.
 */
export function forTerminal(text: string, max: number = LIMITS.terminal): string {
  return truncate(markInvisible(String(text)), max);
}
