// The log list of the monitor page: a virtualized list over the LogBuffer (only the rows in
// view exist in the DOM, each a fixed height), fed in batches once per animation frame, with
// filter, follow/pause, selection with a detail pane, copy, save and clear. Every message is
// put into the DOM as text nodes; special characters are shown as visible marks.
// Filtering never holds the page: a plain-text filter goes over the buffered lines a slice at a
// time, and a regular expression is matched in a worker under a time budget (regexMatcher.ts).
import { compileFilter, FilterSpec, LogBuffer, LogRow, NewRow, RowFilter } from '../../../src/monitor/logBuffer';
import {
  detectLevel,
  DETAIL_MAX_CHARS,
  displaySegments,
  formatJsonLine,
  JsonToken,
  parseJsonLine,
  plainLine,
  rowSegments,
  sourceLabel,
} from '../../../src/monitor/logFormat';
import { BudgetedRegexMatcher, MatcherEnvironment } from '../../../src/monitor/regexMatcher';
import type { LogNotice, MonitorProbe, NoticeKind, WebviewToHost, WireLogLine } from '../../../src/monitor/protocol';
import { clockTime, el, icon, iconButton, renderSegments } from './dom';

const OVERSCAN = 6;
/** Above this many waiting rows they are added at once, drawn or not (a hidden page gets no frames). */
const MAX_PENDING = 20_000;
/** A frame may not come (hidden page); this timer takes over. */
const FRAME_FALLBACK_MS = 250;
/** A plain-text filter works through the buffered lines in slices of about this long. */
const FILTER_SLICE_MS = 8;
const NOTICE_ICONS: Record<string, string> = { sampled: 'warning', resumed: 'debug-restart', fallback: 'info', error: 'error' };

interface RowElement {
  root: HTMLDivElement;
  time: HTMLSpanElement;
  source: HTMLSpanElement;
  message: HTMLSpanElement;
  row?: LogRow;
  selected: boolean;
}

function levelOf(row: LogRow): string {
  row.level ??= detectLevel(row.message, parseJsonLine(row.message));
  return row.level;
}

function rowSource(row: LogRow): string {
  return row.group ? sourceLabel(row.group, row.stream) : '';
}

export class LogView {
  readonly root: HTMLElement;
  private readonly buffer: LogBuffer;
  private pending: NewRow[] = [];
  private frameScheduled = false;
  private readonly list: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly pool: RowElement[] = [];
  private readonly filterInput: HTMLInputElement;
  private readonly regexToggle: HTMLButtonElement;
  private readonly caseToggle: HTMLButtonElement;
  private readonly filterError: HTMLDivElement;
  private readonly counts: HTMLSpanElement;
  private readonly followButton: HTMLButtonElement;
  private readonly detail: HTMLDivElement;
  private readonly detailHeader: HTMLDivElement;
  private readonly detailBody: HTMLPreElement;
  private readonly rawToggle: HTMLButtonElement;
  private readonly matcher: BudgetedRegexMatcher;
  /** The plain-text filter's next slice of buffered lines, while it has some left. */
  private filterSliceTimer?: number;
  private rowHeight = 20;
  private following = true;
  private unseenWhilePaused = 0;
  private selected?: LogRow;
  private detailOpen = false;
  private expectedScrollTop = -1;
  private filterTimer?: number;
  private droppedOldest = false;
  private received = 0;

  constructor(
    capacity: number,
    private readonly post: (message: WebviewToHost) => void,
    matcherEnvironment: MatcherEnvironment,
  ) {
    this.buffer = new LogBuffer(capacity);
    this.matcher = new BudgetedRegexMatcher(matcherEnvironment);
    this.filterInput = el('input', {
      className: 'filter-input',
      attrs: { type: 'text', placeholder: 'Filter', 'aria-label': 'Filter log lines', spellcheck: 'false', autocomplete: 'off' },
    });
    this.regexToggle = el('button', {
      className: 'toggle',
      text: '.*',
      attrs: { type: 'button', title: 'Use regular expression (Alt+R)', 'aria-label': 'Use regular expression', 'aria-pressed': 'false' },
    });
    this.caseToggle = el('button', {
      className: 'toggle',
      text: 'Aa',
      attrs: { type: 'button', title: 'Match case (Alt+C)', 'aria-label': 'Match case', 'aria-pressed': 'false' },
    });
    this.filterError = el('div', { className: 'filter-error', attrs: { role: 'alert' } });
    this.filterError.hidden = true;
    this.counts = el('span', { className: 'counts', attrs: { 'aria-live': 'off' } });
    this.followButton = iconButton('debug-pause', 'Pause auto-scroll', 'follow');
    const clearButton = iconButton('clear-all', 'Clear the log list');
    const copyButton = iconButton('copy', 'Copy the shown lines');
    const saveButton = iconButton('save', 'Save the shown lines to a file');
    const toolbar = el(
      'div',
      { className: 'toolbar log-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Log tools' } },
      el('div', { className: 'filter' }, icon('filter'), this.filterInput, this.regexToggle, this.caseToggle),
      this.counts,
      el('div', { className: 'spacer-flex' }),
      this.followButton,
      clearButton,
      copyButton,
      saveButton,
    );
    this.spacer = el('div', { className: 'list-spacer' });
    this.list = el(
      'div',
      {
        className: 'log-list',
        attrs: { role: 'listbox', tabindex: '0', 'aria-label': 'Log lines (newest at the bottom)' },
      },
      this.spacer,
    );
    this.detailHeader = el('div', { className: 'detail-header' });
    this.detailBody = el('pre', { className: 'detail-body', attrs: { tabindex: '0', 'aria-label': 'Selected log line' } });
    const closeDetail = iconButton('close', 'Close the detail (Escape)');
    const copyLine = iconButton('copy', 'Copy this line');
    this.rawToggle = el('button', {
      className: 'toggle raw-toggle',
      text: 'Raw',
      attrs: { type: 'button', title: 'Show the line exactly as logged', 'aria-pressed': 'false' },
    });
    this.detail = el(
      'div',
      { className: 'detail', attrs: { role: 'region', 'aria-label': 'Log line detail' } },
      el(
        'div',
        { className: 'detail-bar' },
        this.detailHeader,
        el('div', { className: 'spacer-flex' }),
        this.rawToggle,
        copyLine,
        closeDetail,
      ),
      this.detailBody,
    );
    this.detail.hidden = true;
    this.root = el('div', { className: 'log-view' }, toolbar, this.filterError, this.list, this.detail);

    this.filterInput.addEventListener('input', () => this.scheduleFilter());
    this.filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.filterInput.value) {
        this.filterInput.value = '';
        this.applyFilter();
        e.stopPropagation();
      } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        this.list.focus();
      }
    });
    this.regexToggle.addEventListener('click', () => this.toggle(this.regexToggle));
    this.caseToggle.addEventListener('click', () => this.toggle(this.caseToggle));
    this.root.addEventListener('keydown', (e) => {
      if (e.altKey && (e.key === 'r' || e.key === 'R')) this.toggle(this.regexToggle);
      else if (e.altKey && (e.key === 'c' || e.key === 'C')) this.toggle(this.caseToggle);
      else if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
        e.preventDefault();
        this.filterInput.focus();
        this.filterInput.select();
      }
    });
    this.followButton.addEventListener('click', () => this.setFollowing(!this.following));
    clearButton.addEventListener('click', () => this.clear());
    copyButton.addEventListener('click', () => this.copyShown());
    saveButton.addEventListener('click', () => this.saveShown());
    copyLine.addEventListener('click', () => this.selected && this.copyRows([this.selected]));
    this.rawToggle.addEventListener('click', () => {
      this.rawToggle.setAttribute('aria-pressed', String(this.rawToggle.getAttribute('aria-pressed') !== 'true'));
      if (this.selected && this.detailOpen) this.openDetail(this.selected);
    });
    closeDetail.addEventListener('click', () => this.closeDetail());
    this.list.addEventListener('scroll', () => this.onScroll());
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    this.list.addEventListener('click', (e) => this.onListClick(e));
    this.detail.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeDetail();
    });
    // Also fires when the Logs tab is shown again: a following list goes back to the newest line.
    new ResizeObserver(() => {
      if (this.following) this.setScrollTop(this.list.scrollHeight);
      this.render();
    }).observe(this.list);
    this.updateCounts();
  }

  /** Measures the row height from the stylesheet once the view is in the document. */
  attached(): void {
    const probe = this.makeRow().root;
    probe.hidden = false;
    this.list.appendChild(probe);
    this.rowHeight = probe.getBoundingClientRect().height || this.rowHeight;
    probe.remove();
    this.render();
  }

  setCapacity(capacity: number): void {
    if (this.buffer.setCapacity(capacity) > 0) this.droppedOldest = true;
    this.render();
  }

  addLines(lines: WireLogLine[]): void {
    this.received += lines.length;
    for (const line of lines) {
      this.pending.push({
        kind: 'event',
        id: line.id,
        timestamp: line.timestamp,
        group: line.group,
        stream: line.stream,
        message: line.message,
      });
    }
    this.schedule();
  }

  addNotice(notice: LogNotice): void {
    this.pending.push({ kind: 'notice', id: '', timestamp: notice.timestamp, stream: '', message: notice.text, noticeKind: notice.kind });
    this.schedule();
  }

  /** What the list holds and shows (after taking in everything received so far). */
  probe(
    match: string | undefined,
  ): Pick<MonitorProbe, 'receivedLines' | 'eventLines' | 'distinctIds' | 'notices' | 'matchingRows' | 'renderedRows' | 'messages'> {
    this.flush(true);
    const rows = this.buffer.allRows();
    const ids = new Set<string>();
    const notices: NoticeKind[] = [];
    const messages: string[] = [];
    const re = match !== undefined ? new RegExp(match) : undefined;
    for (const row of rows) {
      if (row.kind === 'notice') {
        notices.push(row.noticeKind ?? 'error');
        continue;
      }
      ids.add(row.id);
      if (re?.test(row.message)) messages.push(row.message);
    }
    return {
      receivedLines: this.received,
      eventLines: this.buffer.eventRows,
      distinctIds: ids.size,
      notices,
      matchingRows: this.buffer.length,
      renderedRows: this.pool.filter((r) => !r.root.hidden).length,
      messages,
    };
  }

  private schedule(): void {
    if (this.pending.length > MAX_PENDING) {
      this.flush(false);
      return;
    }
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const run = () => {
      if (this.frameScheduled) this.flush(true);
    };
    requestAnimationFrame(run);
    setTimeout(run, FRAME_FALLBACK_MS);
  }

  /** Moves waiting rows into the buffer, keeps the view anchored, and (if asked) redraws. */
  private flush(draw: boolean): void {
    this.frameScheduled = false;
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const anchor = this.following ? undefined : this.anchor();
      const before = this.buffer.length;
      const { dropped, added } = this.buffer.add(batch);
      if (dropped > 0) this.droppedOldest = true;
      // A regular-expression filter gives its verdicts on new lines later (the rest pass or not at once).
      if (this.matcher.active) this.matcher.enqueue(added.filter((r) => r.kind === 'event'));
      if (!this.following) {
        this.unseenWhilePaused += Math.max(0, this.buffer.length - before);
        this.updateFollowButton();
      }
      this.updateCounts();
      this.layout(anchor);
    }
    if (draw) this.render();
  }

  /** The first row in view and how far it is scrolled, to keep it in place across updates. */
  private anchor(): { row: LogRow; offset: number } | undefined {
    const index = Math.floor(this.list.scrollTop / this.rowHeight);
    const row = this.buffer.at(index);
    return row ? { row, offset: this.list.scrollTop - index * this.rowHeight } : undefined;
  }

  private layout(anchor?: { row: LogRow; offset: number }): void {
    this.spacer.style.height = `${this.buffer.length * this.rowHeight}px`;
    if (this.following) {
      this.setScrollTop(this.list.scrollHeight);
    } else if (anchor) {
      this.setScrollTop(this.buffer.indexOf(anchor.row) * this.rowHeight + anchor.offset);
    }
  }

  private setScrollTop(value: number): void {
    this.list.scrollTop = value;
    this.expectedScrollTop = this.list.scrollTop;
  }

  private onScroll(): void {
    if (Math.abs(this.list.scrollTop - this.expectedScrollTop) >= 1) {
      // The user scrolled: at the bottom the list follows new lines, anywhere else it stays put.
      const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - this.rowHeight / 2;
      if (atBottom !== this.following) this.setFollowing(atBottom, false);
      this.expectedScrollTop = this.list.scrollTop;
    }
    this.render();
  }

  private setFollowing(following: boolean, scroll = true): void {
    this.following = following;
    if (following) {
      this.unseenWhilePaused = 0;
      if (scroll) this.setScrollTop(this.list.scrollHeight);
    }
    this.updateFollowButton();
    this.render();
  }

  private updateFollowButton(): void {
    const label = this.following
      ? 'Pause auto-scroll'
      : `Resume auto-scroll${this.unseenWhilePaused ? ` (${this.unseenWhilePaused.toLocaleString()} new line${this.unseenWhilePaused === 1 ? '' : 's'})` : ''}`;
    this.followButton.title = label;
    this.followButton.setAttribute('aria-label', label);
    this.followButton.setAttribute('aria-pressed', String(!this.following));
    this.followButton.replaceChildren(icon(this.following ? 'debug-pause' : 'debug-continue'));
    if (!this.following && this.unseenWhilePaused)
      this.followButton.appendChild(
        el('span', { className: 'badge', text: this.unseenWhilePaused > 9999 ? '9999+' : String(this.unseenWhilePaused) }),
      );
  }

  private updateCounts(): void {
    // Lines are events; the notices between them are marks, not lines.
    const total = this.buffer.eventRows;
    const shown = this.buffer.visibleEventRows;
    const lines = (n: number) => `${n.toLocaleString()} line${n === 1 ? '' : 's'}`;
    const filtering = this.filterSliceTimer !== undefined || this.matcher.busy;
    this.counts.textContent = `${shown === total ? lines(total) : `${shown.toLocaleString()} of ${lines(total)}`}${filtering ? ' · filtering…' : ''}`;
    this.counts.title = this.droppedOldest
      ? 'The oldest lines were dropped to keep memory bounded (setting apprunner.monitor.maxLogLines).'
      : '';
    this.counts.classList.toggle('dropped', this.droppedOldest);
  }

  private makeRow(): RowElement {
    const time = el('span', { className: 'time' });
    const source = el('span', { className: 'source' });
    const message = el('span', { className: 'message' });
    const root = el('div', { className: 'row', attrs: { role: 'option', 'aria-selected': 'false' } }, time, source, message);
    root.hidden = true;
    return { root, time, source, message, selected: false };
  }

  /** Draws the rows in view (and a few around them), reusing the row elements. */
  private render(): void {
    const count = this.buffer.length;
    const height = this.list.clientHeight;
    const first = Math.max(0, Math.floor(this.list.scrollTop / this.rowHeight) - OVERSCAN);
    const last = Math.min(count, Math.ceil((this.list.scrollTop + height) / this.rowHeight) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = this.makeRow();
      row.root.id = `log-row-${this.pool.length}`;
      this.pool.push(row);
      this.list.appendChild(row.root);
    }
    for (let k = 0; k < this.pool.length; k++) {
      const element = this.pool[k];
      const row = k < needed ? this.buffer.at(first + k) : undefined;
      if (!row) {
        element.root.hidden = true;
        element.row = undefined;
        continue;
      }
      element.root.hidden = false;
      element.root.style.transform = `translateY(${(first + k) * this.rowHeight}px)`;
      element.root.setAttribute('aria-posinset', String(first + k + 1));
      element.root.setAttribute('aria-setsize', String(count));
      const selected = row === this.selected;
      if (element.row !== row || element.selected !== selected) this.fill(element, row, selected);
    }
    const active = this.pool.find((r) => r.selected && !r.root.hidden);
    if (active) this.list.setAttribute('aria-activedescendant', active.root.id);
    else this.list.removeAttribute('aria-activedescendant');
  }

  private fill(element: RowElement, row: LogRow, selected: boolean): void {
    element.row = row;
    element.selected = selected;
    element.time.textContent = clockTime(row.timestamp);
    if (row.kind === 'notice') {
      element.root.className = `row notice notice-${row.noticeKind ?? 'info'}`;
      element.source.className = `source codicon codicon-${NOTICE_ICONS[row.noticeKind ?? ''] ?? 'info'}`;
      element.source.textContent = '';
      element.source.removeAttribute('title');
      element.message.textContent = row.message;
    } else {
      element.root.className = `row level-${levelOf(row)}`;
      element.source.className = `source source-${row.group}`;
      element.source.textContent = rowSource(row);
      element.source.title = `${row.group} log group, stream ${row.stream}`;
      renderSegments(element.message, rowSegments(row.message));
    }
    element.root.classList.toggle('selected', selected);
    element.root.setAttribute('aria-selected', String(selected));
  }

  private onListClick(e: MouseEvent): void {
    const target = (e.target as HTMLElement).closest('.row');
    const element = this.pool.find((r) => r.root === target);
    if (element?.row) this.select(element.row, true);
  }

  private onListKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.list.clientHeight / this.rowHeight) - 1);
    const current = this.selected ? this.buffer.indexOf(this.selected) : -1;
    const lastIndex = this.buffer.length - 1;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = current < 0 ? Math.floor(this.list.scrollTop / this.rowHeight) : current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? lastIndex : current - 1;
        break;
      case 'PageDown':
        next = (current < 0 ? Math.floor(this.list.scrollTop / this.rowHeight) : current) + page;
        break;
      case 'PageUp':
        next = (current < 0 ? lastIndex : current) - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = lastIndex;
        break;
      case 'Enter':
      case ' ':
        if (this.selected) {
          if (this.detailOpen) this.closeDetail();
          else this.openDetail(this.selected);
        }
        break;
      case 'Escape':
        if (this.detailOpen) this.closeDetail();
        else if (this.selected) this.select(undefined, false);
        break;
      case 'c':
      case 'C':
        if ((e.ctrlKey || e.metaKey) && this.selected) this.copyRows([this.selected]);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined && lastIndex >= 0) {
      const index = Math.max(0, Math.min(lastIndex, next));
      const row = this.buffer.at(index);
      if (row) this.select(row, this.detailOpen);
      if (index === lastIndex && e.key === 'End') this.setFollowing(true);
    }
  }

  /** Selects a row (pausing auto-scroll, so it stays put) and scrolls it into view. */
  private select(row: LogRow | undefined, showDetail: boolean): void {
    this.selected = row;
    if (!row) {
      this.closeDetail();
      this.render();
      return;
    }
    const index = this.buffer.indexOf(row);
    if (this.following && index < this.buffer.length - 1) this.setFollowing(false, false);
    // The detail pane takes room from the list: open it before working out what is in view.
    if (showDetail) this.openDetail(row);
    const top = index * this.rowHeight;
    if (top < this.list.scrollTop) this.setScrollTop(top);
    else if (top + this.rowHeight > this.list.scrollTop + this.list.clientHeight)
      this.setScrollTop(top + this.rowHeight - this.list.clientHeight);
    this.render();
  }

  private openDetail(row: LogRow): void {
    this.detailOpen = true;
    this.detail.hidden = false;
    const json = row.kind === 'event' ? parseJsonLine(row.message, DETAIL_MAX_CHARS) : undefined;
    const facts = [new Date(row.timestamp).toISOString()];
    if (row.kind === 'event') {
      // Live Tail gives no eventId; the monitor's own identity key means nothing to a reader.
      facts.push(
        `${row.group} · ${row.stream}`,
        `level ${levelOf(row)}`,
        row.id.startsWith('live:') ? 'from Live Tail' : `event ${row.id}`,
      );
    }
    // JSON lines are formatted from the logged text itself; Raw shows it exactly as logged.
    const tokens = json ? formatJsonLine(row.message) : undefined;
    const raw = this.rawToggle.getAttribute('aria-pressed') === 'true';
    this.rawToggle.hidden = !tokens;
    if (tokens) facts.push(raw ? 'JSON, raw: exactly as logged' : 'JSON, formatted: keys and values as logged');
    this.detailHeader.replaceChildren(...facts.map((f) => el('span', { className: 'fact', text: f })));
    this.detailBody.replaceChildren();
    if (tokens && !raw) this.renderJson(tokens);
    else renderSegments(this.detailBody, displaySegments(row.message, { maxChars: DETAIL_MAX_CHARS, keepNewlines: true }));
    this.detailBody.scrollTop = 0;
  }

  private renderJson(tokens: JsonToken[]): void {
    const fragment = document.createDocumentFragment();
    for (const token of tokens) {
      const span = el('span', { className: token.kind === 'mark' ? 'mark' : `json-${token.kind}` });
      if (token.kind === 'mark') span.textContent = token.text;
      else renderSegments(span, displaySegments(token.text, { maxChars: DETAIL_MAX_CHARS, keepNewlines: true }));
      fragment.appendChild(span);
    }
    this.detailBody.appendChild(fragment);
  }

  private closeDetail(): void {
    if (!this.detailOpen) return;
    this.detailOpen = false;
    this.detail.hidden = true;
    this.list.focus();
    this.render();
  }

  private toggle(button: HTMLButtonElement): void {
    button.setAttribute('aria-pressed', String(button.getAttribute('aria-pressed') !== 'true'));
    this.applyFilter();
  }

  private scheduleFilter(): void {
    window.clearTimeout(this.filterTimer);
    this.filterTimer = window.setTimeout(() => this.applyFilter(), 120);
  }

  private applyFilter(): void {
    const spec: FilterSpec = {
      text: this.filterInput.value,
      regex: this.regexToggle.getAttribute('aria-pressed') === 'true',
      matchCase: this.caseToggle.getAttribute('aria-pressed') === 'true',
    };
    const filter = compileFilter(spec);
    if (filter instanceof SyntaxError) {
      this.showFilterProblem(`Not a valid regular expression: ${filter.message}`);
      return;
    }
    this.filterInput.removeAttribute('aria-invalid');
    this.filterError.hidden = true;
    this.flush(false);
    this.matcher.stop();
    window.clearTimeout(this.filterSliceTimer);
    this.filterSliceTimer = undefined;
    if (!filter) {
      this.buffer.setFilter(undefined);
    } else if (spec.regex) {
      // Never run here: the worker matches, within a time budget.
      const waiting = this.buffer.startFilter((row) => row.kind === 'notice');
      this.matcher.start(spec, {
        passed: (rows) => this.admit(rows),
        tooSlow: (ms) =>
          this.showFilterProblem(
            `This pattern is too slow: matching took longer than ${ms / 1000} s, so filtering stopped to keep VS Code responsive. ` +
              'The lines it matched before are shown. Simplify the pattern (nested repetition such as (a+)+ can take exponential time) ' +
              'or turn off .* to search plain text.',
          ),
        failed: (message) => this.showFilterProblem(`The regular expression could not run: ${message}`),
      });
      this.buffer.admit(waiting.filter((r) => r.kind === 'notice'));
      this.matcher.enqueue(waiting.filter((r) => r.kind === 'event'));
    } else {
      this.filterSlice(this.buffer.startFilter(filter), 0, filter);
    }
    this.updateCounts();
    this.layout(this.selected ? { row: this.selected, offset: 0 } : undefined);
    this.render();
  }

  /** Filters buffered rows from `start` for a slice of time, then yields to the page. */
  private filterSlice(rows: readonly LogRow[], start: number, filter: RowFilter): void {
    const deadline = performance.now() + FILTER_SLICE_MS;
    const passed: LogRow[] = [];
    let i = start;
    while (i < rows.length) {
      if (filter(rows[i])) passed.push(rows[i]);
      i++;
      if (i % 256 === 0 && performance.now() > deadline) break;
    }
    this.filterSliceTimer = i < rows.length ? window.setTimeout(() => this.filterSlice(rows, i, filter), 0) : undefined;
    this.admit(passed);
  }

  /** Rows that passed a filter working in the background join the list, which stays where it is. */
  private admit(rows: LogRow[]): void {
    const anchor = this.following ? undefined : this.anchor();
    this.buffer.admit(rows);
    this.updateCounts();
    this.layout(anchor);
    this.render();
  }

  private showFilterProblem(message: string): void {
    this.filterInput.setAttribute('aria-invalid', 'true');
    this.filterError.textContent = message;
    this.filterError.hidden = false;
    this.updateCounts();
  }

  private clear(): void {
    this.flush(false);
    this.buffer.clear();
    this.selected = undefined;
    this.droppedOldest = false;
    this.closeDetail();
    this.setFollowing(true);
    this.updateCounts();
    this.layout();
    this.render();
  }

  /** Copy and save take log lines: the monitor's own notices are left out. */
  private textOf(rows: readonly LogRow[]): string {
    return rows.map((r) => plainLine(r.timestamp, `[${r.group}:${r.stream}]`, r.message)).join('\n');
  }

  private shownEvents(): LogRow[] {
    this.flush(false);
    return this.buffer.visibleRows().filter((r) => r.kind === 'event');
  }

  private copyRows(rows: readonly LogRow[]): void {
    this.post({ type: 'copy', text: this.textOf(rows), lineCount: rows.length });
  }

  private copyShown(): void {
    this.copyRows(this.shownEvents());
  }

  private saveShown(): void {
    const rows = this.shownEvents();
    this.post({ type: 'save', text: `${this.textOf(rows)}\n`, lineCount: rows.length });
  }
}
