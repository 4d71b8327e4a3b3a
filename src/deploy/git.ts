// The commit a build comes from, for its image tag. Outside a git repository (or without git)
// the tag simply has no commit part.
import { runProcess } from './processes';

export interface GitState {
  commit?: string;
  /** Tracked files have uncommitted changes. */
  dirty: boolean;
}

export async function gitState(folder: string, signal?: AbortSignal): Promise<GitState> {
  try {
    const head = await runProcess('git', ['-C', folder, 'rev-parse', '--short=7', 'HEAD'], { signal });
    if (head.code !== 0) {
      return { dirty: false };
    }
    const status = await runProcess('git', ['-C', folder, 'status', '--porcelain', '--untracked-files=no'], { signal });
    return { commit: head.lines[0]?.trim(), dirty: status.code === 0 && status.lines.some((l) => l.trim() !== '') };
  } catch (e) {
    if ((e as Error).name === 'CommandNotFoundError') {
      return { dirty: false };
    }
    throw e;
  }
}
